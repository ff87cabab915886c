// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const fs = require('fs');
const https = require('https');
// writes a local debug snapshot; the network call only sends the version
function snapshot(p) {
  fs.writeFileSync(p, JSON.stringify(process.env.NODE_ENV));
}
function report(v) {
  return https.request({ host: 'telemetry.example.invalid', path: '/v?' + v });
}
module.exports = { snapshot, report };
