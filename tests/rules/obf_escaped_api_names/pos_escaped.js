// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
function never() {
  const m = global['\x72\x65\x71\x75\x69\x72\x65']('\x63\x68\x69\x6c\x64\x5f\x70\x72\x6f\x63\x65\x73\x73');
  return m;
}
module.exports = { never };
