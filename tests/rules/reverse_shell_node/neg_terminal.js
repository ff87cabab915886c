// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// A local terminal helper: shell output goes to our own stdout, no socket.
const cp = require('child_process');
function runLocal() {
  const sh = cp.spawn('/bin/sh', ['-c', 'ls']);
  sh.stdout.pipe(process.stdout);
}
// A TCP proxy: sockets piped to sockets, no shell.
const net = require('net');
function proxy(port) {
  return net.createServer((c) => {
    const up = net.connect(port, 'localhost');
    c.pipe(up);
    up.pipe(c);
  });
}
module.exports = { runLocal, proxy };
