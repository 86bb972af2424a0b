// `node --import nohangup/register app.js` (or NODE_OPTIONS="--import nohangup/register"): observes the app
// from its first line, configured by NOHANGUP_* variables (see env.ts). Nothing here can stop the app from
// starting: a bad setting is said on stderr and its default used.
import { optionsFromEnv } from './env.js';
import { observeWith, type Protections } from './observe.js';

const complaints: string[] = [];
const options = optionsFromEnv(process.env, (message) => complaints.push(message));
try {
  // Loaded only when asked for (see Protections): an app that is only watched loads only what watches.
  const protections: Protections = {
    install: options.install ? (await import('../client/install.js')).install : undefined,
    harden: options.harden ? (await import('../server/index.js')).harden : undefined,
  };
  observeWith(protections, options);
} catch (error) {
  complaints.push(`not observing: ${error instanceof Error ? error.message : String(error)}`);
}
for (const message of complaints) process.stderr.write(`nohangup: ${message}\n`);
