// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// Only parses URLs; no request is made.
function hostOf(u) {
  return new URL(u).hostname;
}
module.exports = { hostOf, home: 'https://docs.example.invalid/' };
