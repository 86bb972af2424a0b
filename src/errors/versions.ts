import { native } from './native-regex.js';
import type { Regression, Version } from './regressions.js';

/** The library a version belongs to: one of those the regressions table knows. */
type Library = Regression['library'];

/**
 * Each with the library's name as its needle: the pattern runs only when the lowercased text holds it (V8
 * compiles a pattern on its first run, 0.2-2 ms for these, and a paste names few libraries).
 */
export const VERSION_PATTERNS: [Library, RegExp, string | undefined][] = [
  [
    'node',
    /\b(?:node(?:\.?js)?|nodejs)[ @:]{0,3}(?:version[ :]{0,3})?v?(\d{1,2})(?:\.(\d{1,2}|x))?(?:\.(\d{1,3}|x))?\b/gi,
    'node',
  ],
  // "upgrading Node from 10.15.0 to 10.15.3": the version it went to.
  [
    'node',
    /\b(?:node(?:\.?js)?|nodejs) (?:version )?from v?\d{1,2}(?:\.\d{1,3}){0,2} to v?(\d{1,2})(?:\.(\d{1,2}|x))?(?:\.(\d{1,3}|x))?\b/gi,
    'node',
  ],
  // Node's issue template ("Version: v18.19.0") and a bare "v20.5.1" not preceded by a library's name.
  ['node', /(?:^|[^\w@.-][ \t]{0,2})(?:Version:? ?v?|v)(\d{1,2})\.(\d{1,2})\.(\d{1,3})\b/gim, undefined],
  ['undici', /\bundici[ @:]{0,3}v?(\d{1,2})\.(\d{1,2}|x)(?:\.(\d{1,3}|x))?\b/gi, 'undici'],
  // axios's User-Agent ("User-Agent: axios/1.2.1") is in most of its config dumps: the version it really ran.
  ['axios', /\baxios[ @:/]{0,3}(?:version[ :]{0,3})?v?(\d{1,2})\.(\d{1,2}|x)(?:\.(\d{1,3}|x))?\b/gi, 'axios'],
  ['node-fetch', /\bnode-fetch[ @:]{0,3}v?(\d{1,2})\.(\d{1,2}|x)(?:\.(\d{1,3}|x))?\b/gi, 'node-fetch'],
  ['got', /\bgot[ @:]{1,3}v?(\d{1,2})\.(\d{1,2}|x)(?:\.(\d{1,3}|x))?\b/gi, 'got'],
  ['grpc-js', /\bgrpc-js[ @:]{0,3}v?(\d{1,2})\.(\d{1,2}|x)(?:\.(\d{1,3}|x))?\b/gi, 'grpc-js'],
  ['npm', /\bnpm[ @:]{0,3}(?:version[ :]{0,3})?v?(\d{1,2})\.(\d{1,2}|x)(?:\.(\d{1,3}|x))?\b/gi, 'npm'],
  // "node-fetch was bumped from 3.2.10 to 3.3.2", "upgrading axios from 1.5.0 to 1.6.0": the version it went to.
  ...(['undici', 'axios', 'node-fetch', 'got', 'grpc-js'] as const).map(
    (library): [Library, RegExp, string] => [
      library,
      new RegExp(
        `\\b${library} (?:was |is |got )?(?:bumped |upgraded |updated |moved )?(?:version )?from v?\\d{1,2}(?:\\.\\d{1,3}){0,2} to v?(\\d{1,2})\\.(\\d{1,2}|x)(?:\\.(\\d{1,3}|x))?\\b`,
        'gi',
      ),
      library,
    ],
  ),
];

/** Versions named in a text ("Node 20.5.1", "node v18", "axios@1.6.0"); a missing part reads as 0. */
export function versionsIn(text: string): Map<Library, Version[]> {
  const found = new Map<Library, Version[]>();
  const lowered = text.toLowerCase();
  for (const [library, pattern, needle] of VERSION_PATTERNS) {
    if (needle && !lowered.includes(needle)) continue;
    native(pattern).lastIndex = 0;
    let count = 0;
    for (let m = pattern.exec(text); m !== null && count < 8; m = pattern.exec(text), count++) {
      const version: Version = [
        Number(m[1]),
        Number.parseInt(m[2] ?? '0', 10) || 0,
        Number.parseInt(m[3] ?? '0', 10) || 0,
      ];
      // Node 0.x releases are named with their minor (0.8.20); 1-3 were io.js, never called node.
      if (
        library === 'node' &&
        ((version[0] < 4 && (version[0] !== 0 || version[1] === 0)) || version[0] > 30)
      )
        continue;
      const list = found.get(library) ?? [];
      if (list.some((v) => compareVersions(v, version) === 0)) continue;
      list.push(version);
      found.set(library, list);
    }
  }
  return found;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
