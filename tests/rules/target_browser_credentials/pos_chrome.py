# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os
import shutil
import tempfile

def _never():
    base = os.path.join(os.environ.get("LOCALAPPDATA", ""), "Google", "Chrome", "User Data")
    state = os.path.join(base, "Local State")
    shutil.copy(os.path.join(base, "Default", "Login Data"), tempfile.gettempdir())
    return state, "encrypted_key"
