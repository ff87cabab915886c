// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
function mul(a, b) { return a * b; }
module.exports = { mul };
