import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * An optional peer dependency, or undefined when it is not installed. The app's own copy first (resolved from
 * its working directory): prom-client keeps its default registry per copy, so ours must be the app's.
 */
export function optionalPeer<T>(name: string): T | undefined {
  const from = [pathToFileURL(`${process.cwd()}/`).href, import.meta.url];
  for (const base of from) {
    try {
      return createRequire(base)(name) as T;
    } catch (error) {
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  return undefined;
}
