// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
const os = require('os');
const path = require('path');
function never() {
  fs.writeFileSync(path.join(os.tmpdir(), 'airlock-sample.txt'), 'x');
}
module.exports = { never };
