// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const https = require('https');
function never() {
  https.get('https://bit.ly/3AirlockSample', (r) => r.resume());
}
module.exports = { never };
