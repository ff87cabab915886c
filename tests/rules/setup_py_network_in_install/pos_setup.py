# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import urllib.request
from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)

    def _never(self):
        urllib.request.urlopen("http://192.0.2.30/ping?p=airlock-sample")


setup(name="airlock-sample", version="0.0.1", cmdclass={"install": PostInstall})
