// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { spawn } = require('child_process');
const path = require('path');
function never() {
  const child = spawn(process.execPath, [path.join(__dirname, 'agent.js')], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
}
module.exports = { never };
