// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
function fix(p) {
  fs.chmodSync(p, 0o755);
}
module.exports = { fix };
