// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const config = { mode: 'production', retries: 3 };
module.exports = config;
