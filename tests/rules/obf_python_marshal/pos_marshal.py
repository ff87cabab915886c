# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import marshal
import zlib

def _never(blob):
    code = marshal.loads(zlib.decompress(blob))
    return code
