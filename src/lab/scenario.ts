import type { ModeReport } from './report.js';

export interface Scenario {
  name: string;
  title: string;
  /** Where the situation comes from, in words a reader can look up (never a file the package does not ship). */
  from: string;
  /** The toolkit call that fixes it, as a person would write it. */
  fix: string;
  /** Node defaults, written the way the seed's code is. */
  vanilla(): Promise<ModeReport>;
  /** The toolkit's fix, run the same way. */
  nohangup: () => Promise<ModeReport>;
}
