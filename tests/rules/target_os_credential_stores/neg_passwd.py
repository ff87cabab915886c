# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import pwd

def home_of(user):
    # /etc/passwd lookup through the pwd module
    return pwd.getpwnam(user).pw_dir
