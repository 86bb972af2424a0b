// V8's code cache for the bundled CLI: see loadBundle(). CommonJS and plain JavaScript, like the bin that loads it.
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** Cache files kept in the directory: builds and Node versions, newest first. */
const KEEP = 4;

/**
 * A cache's bytes as V8 made them (`data`), or the reason there are none: 'absent', 'damaged'. V8 checks a cache's
 * checksum only under --verify-snapshot-checksum; release builds trust the bytes once the header matches, so a
 * damaged file would abort the process. Setting that flag costs ~5 ms a start (node:v8 loads the streams, and a
 * changed flag hash makes Node compile its own later modules from source), so the file holds the cache twice and
 * the two copies must be equal: one memcmp. A write is renamed into place whole, so what this catches is damage on
 * the disk, which does not strike both copies alike.
 */
function readCache(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch {
    return { state: 'absent' };
  }
  const half = bytes.length / 2;
  if (!Number.isInteger(half) || half === 0 || !bytes.subarray(0, half).equals(bytes.subarray(half)))
    return { state: 'damaged' };
  return { state: 'read', data: bytes.subarray(0, half) };
}

/**
 * The bundle, compiled with V8's code cache when one is at hand. Most of a short `explain` is V8 compiling the
 * functions it calls for the first time (~25 ms of ~80 here, on Node 20 to 26: BENCHMARKS.md), and a
 * cache made after a run holds them all. Node 22's own compile cache (module.enableCompileCache) keeps only what
 * V8 compiled before the module ran, a few functions. So the bin compiles the bundle itself, with vm.Script,
 * and after an `explain` that found no usable cache, writes one: `<tmp>/nohangup-<uid>/`, or NOHANGUP_CACHE_DIR;
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's.
 */
function loadBundle(file, { mayWrite = false } = {}) {
  const source = readFileSync(file, 'utf8');
  const cache = cacheFile(source);
  if (!cache) return { main: require(file).main, saveCache: undefined };
  const vm = require('node:vm');
  const read = readCache(cache.path);
  const cachedData = read.data;
  // One line, so that stack traces keep the bundle's line numbers.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __nohangupImport) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  const here = dirname(file);
  // The bundle's import() calls come here (scripts/bundle.js): code compiled by vm.Script may not import().
  const importer = (specifier) =>
    import(
      specifier.startsWith('.') ? require('node:url').pathToFileURL(join(here, specifier)).href : specifier
    );
  script
    .runInThisContext()
    .call(
      module.exports,
      module.exports,
      require('node:module').createRequire(file),
      module,
      file,
      here,
      importer,
    );
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const state = read.state === 'absent' ? 'absent' : stale ? 'rejected' : 'used';
  // NODE_DEBUG=nohangup tells what became of the cache (the tests read it).
  const debug = require('node:util').debuglog('nohangup');
  debug('code cache %s: %s', state, cache.path);
  return {
    main: module.exports.main,
    saveCache:
      stale && mayWrite
        ? () =>
            debug('code cache %s', writeCache(cache, script.createCachedData()) ? 'written' : 'not written')
        : undefined,
  };
}

/** Where this bundle's cache lives for this Node, or undefined when it is off or the place is not ours alone. */
function cacheFile(source) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  // scripts/bundle.js ends the bundle with a hash of its text: V8 checks only a cached source's length.
  const id = /\/\/# nohangup-bundle ([0-9a-f]{16})\n$/.exec(source.slice(-64))?.[1];
  if (!id) return undefined;
  const { lstatSync, mkdirSync } = require('node:fs');
  const uid = process.getuid?.();
  const dir =
    process.env.NOHANGUP_CACHE_DIR || join(require('node:os').tmpdir(), `nohangup-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Code read from here runs as this user: in a shared temp directory, use only a directory that no one
    // else owns or can write to (a planted cache would be planted code).
    const info = lstatSync(dir);
    if (!info.isDirectory()) return undefined;
    if (uid !== undefined && (info.uid !== uid || (info.mode & 0o022) !== 0)) return undefined;
  } catch {
    return undefined;
  }
  // V8 refuses a cache made under other flags: runs given other node options (`node --max-old-space-size=...`)
  // keep a cache of their own rather than replacing each other's.
  const options = process.execArgv.length === 0 ? '' : `-${hash(process.execArgv.join(' '))}`;
  return { dir, id, path: join(dir, `explain-${id}-${process.version}-${process.arch}${options}.v8`) };
}

/** FNV-1a of a short text, as 8 hex digits: a name, not a safeguard. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Written whole and renamed into place, so that a run in parallel never reads half a file. */
function writeCache(cache, data) {
  const fs = require('node:fs');
  const tmp = `${cache.path}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([data, data]), { mode: 0o600 });
    fs.renameSync(tmp, cache.path);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {}
    return false;
  }
  // Other builds' caches (an upgraded package) and other Node versions' pile up: the newest few stay, so that two
  // installs used in turn (a global and a project's) do not throw each other's away.
  try {
    const files = fs
      .readdirSync(cache.dir)
      .filter((name) => name.startsWith('explain-') && name.endsWith('.v8'))
      .map((name) => ({ path: join(cache.dir, name), time: fs.statSync(join(cache.dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { path } of files.slice(KEEP)) fs.rmSync(path, { force: true });
    // A run killed between writing and renaming leaves its temporary file: gone once it is clearly abandoned.
    for (const name of fs.readdirSync(cache.dir))
      if (name.startsWith('explain-') && name.endsWith('.tmp')) {
        const path = join(cache.dir, name);
        if (Date.now() - fs.statSync(path).mtimeMs > 10 * 60_000) fs.rmSync(path, { force: true });
      }
  } catch {}
  return true;
}

module.exports = { loadBundle };
