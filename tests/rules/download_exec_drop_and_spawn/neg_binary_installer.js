// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// esbuild-like installer: downloads its platform binary, makes it executable
// and validates it in the foreground.
const fs = require('fs');
const https = require('https');
const { execFileSync } = require('child_process');
function install(url, binPath, cb) {
  https.get(url, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      fs.writeFileSync(binPath, Buffer.concat(chunks));
      fs.chmodSync(binPath, 0o755);
      execFileSync(binPath, ['--version'], { stdio: 'pipe' });
      cb();
    });
  });
}
module.exports = { install };
