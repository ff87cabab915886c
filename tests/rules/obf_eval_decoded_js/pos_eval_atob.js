// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
function never() {
  // decodes to: console.log('airlock sample')
  eval(atob('Y29uc29sZS5sb2coJ2FpcmxvY2sgc2FtcGxlJyk='));
}
function never2() {
  return new Function(Buffer.from('cmV0dXJuIDE=', 'base64').toString())();
}
module.exports = { never, never2 };
