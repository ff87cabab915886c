// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const WS = String.fromCharCode(9) + String.fromCharCode(10) + String.fromCharCode(13) + String.fromCharCode(32);
const HI = String.fromCharCode(0xD83D, 0xDE00);
function fromCodes(codes) { return String.fromCharCode(...codes); }
module.exports = { WS, HI, fromCodes };
