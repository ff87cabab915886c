// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const _0x1234 = 0x1234;
const MASK = 0xffff;
function f(_0x2345) { return (_0x2345 & MASK) ^ _0x1234; }
module.exports = { f };
