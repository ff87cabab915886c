// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const os = require('os');
const https = require('https');
// logs the host name; sends only an anonymous counter
function log() { console.log('running on', os.hostname()); }
function ping() { return https.get('https://telemetry.example.invalid/count'); }
module.exports = { log, ping };
