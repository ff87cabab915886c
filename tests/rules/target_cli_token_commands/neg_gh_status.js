// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execSync } = require('child_process');
function loggedIn() {
  return execSync('gh auth status').toString();
}
module.exports = { loggedIn };
