"""What the end-to-end scripts share: recording and printing their checks.

Each script runs as `python3 tests/e2e/test_X.py AIRLOCK FIXTURES` (its own directory is then
first on sys.path, so `from e2e_common import Checker` works without installing anything).
"""


class Checker:
    """Counts checks, prints one line per check (`ok` or `FAIL` with the detail), and keeps
    what failed for the summary. check() returns the outcome, so a script can skip the checks
    that depend on a failed one."""

    def __init__(self):
        self.passed = 0
        self.failures = []

    @property
    def failed(self):
        return len(self.failures)

    def check(self, ok, what, detail=""):
        ok = bool(ok)
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail and not ok else ""),
              flush=True)
        return ok
