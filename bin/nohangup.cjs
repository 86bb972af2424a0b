#!/usr/bin/env node
// The bundled CLI (scripts/bundle.js): explain in one CommonJS file, lab and chaos loaded when they run.
const { main } = require('../dist/cli/nohangup.cjs');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
