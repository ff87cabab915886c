# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import json
from urllib.request import urlopen

about = {}
with open("pkg/__version__.py") as f:
    exec(f.read(), about)

def latest():
    return json.load(urlopen("https://pypi.example.invalid/pypi/pkg/json"))
