// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// project generator: writes a CI workflow into a new local project
const fs = require('fs');
const path = require('path');
function scaffold(dir) {
  fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.github/workflows/ci.yml'), 'name: ci\non: [push]\n');
  console.log('Now run: git push');
}
module.exports = { scaffold };
