// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// Install instructions shown to the user in an error message (legit pattern).
function hint() {
  const cmd = process.platform === 'win32' ? 'powershell -c "irm https://get.example.invalid/install.ps1 | iex"' : 'curl -fsSL https://get.example.invalid/install | bash';
  throw new Error('Unsupported package manager, install with: ' + cmd);
}
module.exports = { hint };
