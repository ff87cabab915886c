// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execFile } = require('child_process');
// builds the encoded command at run time to avoid quoting problems (legit pattern)
function run(script) {
  const enc = Buffer.from(script, 'utf16le').toString('base64');
  return execFile('powershell', ['-NoProfile', '-NonInteractive', '-EncodedCommand', enc]);
}
module.exports = { run };
