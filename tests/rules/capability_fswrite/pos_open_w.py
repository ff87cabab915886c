# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os, tempfile

def _never():
    with open(os.path.join(tempfile.gettempdir(), "airlock-sample.txt"), "w") as fh:
        fh.write("x")
