# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
import subprocess
from setuptools import setup
from setuptools.command.build_py import build_py


class Build(build_py):
    def run(self):
        subprocess.check_call(["make", "-C", "native"])
        super().run()


setup(name="airlock-sample", version="0.0.1", cmdclass={"build_py": Build})
