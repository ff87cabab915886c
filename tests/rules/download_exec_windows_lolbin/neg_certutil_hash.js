// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execFile } = require('child_process');
function never(file) {
  execFile('certutil', ['-hashfile', file, 'SHA256']);
}
module.exports = { never };
