// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// emoji with variation selectors and a subdivision flag (tag characters), as in emoji data tables
const flags = ['🏴󠁧󠁢󠁥󠁮󠁧󠁿', '❤️', '☺️❤️'];
module.exports = { flags };
