# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import marshal

def load_cache(path):
    with open(path, "rb") as fh:
        return marshal.loads(fh.read())

def save_cache(path, obj):
    with open(path, "wb") as fh:
        fh.write(marshal.dumps(obj))
