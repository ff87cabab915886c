// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const http = require('http');
function never() {
  setInterval(() => {
    http.get('http://198.51.100.66:8080/task', (r) => r.resume());
  }, 60000);
}
module.exports = { never };
