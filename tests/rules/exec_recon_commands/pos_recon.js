// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { exec } = require('child_process');
function never() {
  exec('sh -c "id; uname -a; hostname"', () => {});
}
module.exports = { never };
