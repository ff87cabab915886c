// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const https = require('https');
function never() {
  https.get('https://api.example.invalid/v1/status', (res) => res.resume());
}
module.exports = { never };
