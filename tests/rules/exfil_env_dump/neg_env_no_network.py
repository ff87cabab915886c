# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import json
import os

def dump(path):
    with open(path, "w") as fh:
        json.dump({"home": os.environ.get("HOME")}, fh)
    return json.dumps(dict(os.environ))
