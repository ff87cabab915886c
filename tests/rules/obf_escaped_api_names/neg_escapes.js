// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// control-character ranges, as found in real sanitizers
const CTRL = /[\x00-\x1f\x7f-\x9f]/g;
const BOM = '\xef\xbb\xbf';
module.exports = { CTRL, BOM };
