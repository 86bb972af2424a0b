// `node --import nohangup/register app.js` (or NODE_OPTIONS="--import nohangup/register"): observes the app
// from its first line, configured by NOHANGUP_* variables (see env.ts). Nothing here can stop the app from
// starting: a bad setting is said on stderr and its default used.
import { optionsFromEnv } from './env.js';
import { observe } from './observe.js';

const complaints: string[] = [];
const options = optionsFromEnv(process.env, (message) => complaints.push(message));
try {
  observe(options);
} catch (error) {
  complaints.push(`not observing: ${error instanceof Error ? error.message : String(error)}`);
}
for (const message of complaints) process.stderr.write(`nohangup: ${message}\n`);
