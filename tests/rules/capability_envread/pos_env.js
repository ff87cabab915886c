// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const mode = process.env.NODE_ENV || 'production';
module.exports = { mode };
