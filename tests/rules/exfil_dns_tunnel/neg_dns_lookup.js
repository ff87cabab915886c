// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const dns = require('dns');
function check(cb) {
  dns.lookup('registry.example.invalid', cb);
}
module.exports = { check };
