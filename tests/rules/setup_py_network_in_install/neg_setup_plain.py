# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
from setuptools import setup
from setuptools.command.build_py import build_py


class Build(build_py):
    def run(self):
        super().run()


setup(name="airlock-sample", version="0.0.1", url="https://example.invalid/project",
      cmdclass={"build_py": Build})
