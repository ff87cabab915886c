// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// An SDK that exposes the flag as an option (legit wrapper), not spawning the CLI with it here.
function buildArgs(opts) {
  const args = ['--output-format', 'json'];
  if (opts.skipPermissions) args.push('--dangerously-skip-permissions');
  return args;
}
module.exports = { buildArgs, docs: 'Pass skipPermissions to add --dangerously-skip-permissions.' };
