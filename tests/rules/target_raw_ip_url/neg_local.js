// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const http = require('http');
const dev = ['http://127.0.0.1:3000', 'http://192.168.1.1/', 'http://10.0.0.5:8080', 'http://0.0.0.0:80', 'http://172.16.0.1'];
function ping(u) { return http.get(u); }
module.exports = { dev, ping };
