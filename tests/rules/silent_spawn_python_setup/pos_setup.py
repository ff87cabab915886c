# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import subprocess
import sys
from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)

    def _never(self):
        subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


setup(name="airlock-sample", version="0.0.1", cmdclass={"install": PostInstall})
