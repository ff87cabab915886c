# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import time
import requests

def _never():
    while True:
        requests.get("http://203.0.113.66/task", timeout=5)
        time.sleep(60)
