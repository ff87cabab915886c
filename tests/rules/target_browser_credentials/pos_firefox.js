// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const path = require('path');
function never(home) {
  const prof = path.join(home, 'Library/Application Support/Firefox/Profiles');
  return [path.join(prof, 'x.default', 'key4.db'), path.join(prof, 'x.default', 'logins.json')];
}
module.exports = { never };
