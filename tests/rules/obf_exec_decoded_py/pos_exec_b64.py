# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import base64
import zlib

def _never():
    # decodes to: print('airlock sample')
    exec(base64.b64decode("cHJpbnQoJ2FpcmxvY2sgc2FtcGxlJyk="))

def _never2(blob):
    exec(zlib.decompress(blob))
