// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { execSync } = require('child_process');
// a single platform probe, as build tools do
function kernel() { return execSync('uname -r').toString().trim(); }
const doc = 'run id to see your user; run hostname to see the machine name';
module.exports = { kernel, doc };
