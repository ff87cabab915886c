// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const path = require('path');
function never(appdata, local) {
  return [
    path.join(appdata, 'Exodus/exodus.wallet'),
    path.join(appdata, 'Electrum/wallets'),
    path.join(local, 'Google/Chrome/User Data/Default/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn'),
  ];
}
module.exports = { never };
