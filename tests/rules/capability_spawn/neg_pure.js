// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// Pure computation, no processes.
const spawnPoint = { x: 1, y: 2 };
function add(a, b) { return a + b; }
module.exports = { add, spawnPoint };
