// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execFileSync } = require('child_process');
function never() {
  // downloads to a file and verifies it; nothing is piped to a shell
  execFileSync('curl', ['-fsSL', '-o', 'tool.tgz', 'https://cdn.example.invalid/tool.tgz']);
}
module.exports = { never };
