# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import subprocess

def _never():
    return subprocess.run(["git", "--version"], check=False)
