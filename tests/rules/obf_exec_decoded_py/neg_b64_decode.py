# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import base64
import json

def load(blob):
    return json.loads(base64.b64decode(blob))
