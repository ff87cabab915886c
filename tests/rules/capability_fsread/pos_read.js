// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
function never(p) {
  return fs.readFileSync(p, 'utf8');
}
module.exports = { never };
