// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { exec } = require('child_process');
function never() {
  // decodes (UTF-16LE) to: Write-Output airlock
  exec('powershell.exe -NoProfile -enc VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIABhAGkAcgBsAG8AYwBrAA==');
}
module.exports = { never };
