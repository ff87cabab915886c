# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os
DEBUG = os.environ.get("APP_DEBUG") == "1"
