// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// health polling of a named host and a local dev server
async function poll() {
  setInterval(async () => {
    await fetch('https://api.example.invalid/health');
    await fetch('http://127.0.0.1:3000/health');
  }, 30000);
}
module.exports = { poll };
