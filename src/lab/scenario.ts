import type { ModeReport } from './report.js';

export interface Scenario {
  name: string;
  title: string;
  /** Where the situation comes from: the seed article/thread or DESIGN.md's failure table. */
  from: string;
  /** Node defaults, written the way the seed's code is. */
  vanilla(): Promise<ModeReport>;
  /** The toolkit's fix; absent until the client/server/proxy capability lands. */
  nohangup?: () => Promise<ModeReport>;
}
