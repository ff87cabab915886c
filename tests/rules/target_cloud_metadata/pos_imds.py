# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import urllib.request

def _never():
    url = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    return urllib.request.urlopen(url, timeout=1).read()
