// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// a maintainer's release script: publishes its own package, no token handling
const { execSync } = require('child_process');
function release() {
  execSync('npm test', { stdio: 'inherit' });
  execSync('npm publish --access public', { stdio: 'inherit' });
}
module.exports = { release };
