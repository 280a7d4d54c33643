#!/usr/bin/env node
// The npm bin: runs the compiled CLI. `npm run build` (or `npm start`, which builds first) produces dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('holdless: dist/ is missing; run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}
await import(cli.href);
