// airlock rule test sample. Never executed by tests; the payload sits in a function
// that is never called, and uses only documentation IPs / .invalid hosts.
// A bot using a bot token from its own configuration.
const { Client, GatewayIntentBits } = require('discord.js');
function start(token) {
  const client = new Client({ intents: [GatewayIntentBits.Guilds] });
  client.on('ready', () => console.log('ready'));
  return client.login(token);
}
module.exports = { start };
