// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const https = require('https');
function latest(cb) {
  https.get('https://registry.example.invalid/pkg', (res) => {
    let d = '';
    res.on('data', (c) => { d += c; });
    res.on('end', () => { cb(JSON.parse(d)); });
  });
}
module.exports = { latest };
