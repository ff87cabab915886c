// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const path = require('path');
const os = require('os');
// a throwaway profile for browser automation
const userDataDir = path.join(os.tmpdir(), 'automation-profile', 'User Data');
module.exports = { userDataDir, args: ['--no-first-run', '--password-store=basic'] };
