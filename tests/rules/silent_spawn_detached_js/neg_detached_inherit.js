// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { spawn } = require('child_process');
// Runs a server in its own process group but keeps its output visible and waits for it.
function serve() {
  const child = spawn('node', ['server.js'], { detached: true, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', resolve));
}
module.exports = { serve };
