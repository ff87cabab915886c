// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const isCI = Boolean(process.env.GITHUB_ACTIONS);
const mode = process.env.NODE_ENV;
const tokenFile = process.env.GITHUB_TOKEN_FILE_PATH;
module.exports = { isCI, mode, tokenFile };
