# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
def load(path):
    with open(path) as fh:
        return fh.read()
