// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const dns = require('dns');
// SRV lookup for a configured service name: no encoded data in the name
function srv(service, domain, cb) {
  dns.resolveSrv(`_${service}._tcp.${domain}`, cb);
}
function host(name, cb) { dns.lookup(`${name}.internal.example.invalid`, cb); }
module.exports = { srv, host };
