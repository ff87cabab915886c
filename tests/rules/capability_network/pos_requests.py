# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import requests

def _never():
    return requests.get("https://api.example.invalid/v1/status", timeout=5)
