// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
const os = require('os');
const path = require('path');
function knownHosts() {
  return fs.readFileSync(path.join(os.homedir(), '.ssh', 'known_hosts'), 'utf8');
}
module.exports = { knownHosts };
