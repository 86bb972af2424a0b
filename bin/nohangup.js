#!/usr/bin/env node
// The bundled CLI (scripts/bundle.js): one file per command instead of the ~45 modules behind it.
import { main } from '../dist/cli/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
