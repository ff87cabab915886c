# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os
import subprocess
import requests

def build():
    env = dict(os.environ, CC="gcc")
    subprocess.check_call(["make"], env=env)

def latest():
    return requests.get("https://pypi.example.invalid/pypi/x/json", timeout=5).json()
