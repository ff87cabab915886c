// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// A string made of invisible variation-selector characters (decodes to harmless text).
const hidden = '󠅣󠅯󠅮󠅳󠅯󠅬󠅥󠄮󠅬󠅯󠅧󠄨󠄱󠄩󠄯󠄯󠅡󠅩󠅲󠅬󠅯󠅣󠅫󠄭󠅳󠅡󠅭󠅰󠅬󠅥';
function never() {
  return [...hidden].map((c) => String.fromCodePoint(c.codePointAt(0) - 0xE0100)).join('');
}
module.exports = { never };
