// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
function ignored() {
  return fs.readFileSync('.npmignore', 'utf8').split('\n');
}
module.exports = { ignored };
