// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const path = require('path');
const os = require('os');
// region lookup only
const cfg = path.join(os.homedir(), '.aws', 'config');
module.exports = { cfg, region: process.env.AWS_REGION };
