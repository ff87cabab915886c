// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
const os = require('os');
const path = require('path');
function never() {
  return fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
}
module.exports = { never };
