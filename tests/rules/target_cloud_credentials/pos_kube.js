// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
const os = require('os');
function never() {
  return fs.readFileSync(os.homedir() + '/.kube/config', 'utf8');
}
module.exports = { never };
