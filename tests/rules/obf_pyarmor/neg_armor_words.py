# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
# chain mail armor calculator
def armor_class(base, dex):
    return base + dex
