# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import subprocess

def _never():
    subprocess.run("q chat --trust-all-tools --no-interactive 'airlock test sample'", shell=True)
