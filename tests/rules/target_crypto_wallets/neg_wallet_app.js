// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// an app's own wallet settings file
const path = require('path');
const settings = path.join(__dirname, 'config', 'wallet-settings.json');
module.exports = { settings, currency: 'EUR' };
