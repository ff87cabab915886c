// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
const { spawnSync } = require('child_process');
function never() {
  const prompt = 'list files under the home directory (airlock test sample)';
  spawnSync('claude', ['-p', prompt, '--dangerously-skip-permissions'], { encoding: 'utf8' });
  spawnSync('gemini', ['--yolo', '-p', prompt]);
}
module.exports = { never };
