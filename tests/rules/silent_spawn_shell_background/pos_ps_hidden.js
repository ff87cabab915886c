// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { spawn } = require('child_process');
function never() {
  spawn('powershell.exe', ['-w', 'hidden', '-c', 'Start-Sleep 1']);
}
module.exports = { never };
