# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os

def _never():
    for name in ("id_rsa", "id_ed25519"):
        p = os.path.join(os.path.expanduser("~"), ".ssh", name)
        if os.path.exists(p):
            return open(p).read()
