# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os

def _never():
    return open(os.path.expanduser("~/.aws/credentials")).read()
