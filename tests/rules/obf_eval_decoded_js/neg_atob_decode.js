// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
function decodeConfig(b64) {
  return JSON.parse(atob(b64));
}
function evalFree(x) { return Buffer.from(x, 'base64').toString('utf8'); }
module.exports = { decodeConfig, evalFree };
