# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import socket
import subprocess


def ping_service():
    s = socket.socket()
    s.connect(("localhost", 8080))
    s.sendall(b"PING")
    return s.recv(4)


def version():
    return subprocess.check_output(["/bin/sh", "-c", "uname -r"])
