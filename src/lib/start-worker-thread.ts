/**
 * Starts a worker thread on a module that may be TypeScript source: compiled, the entry is a `.js` file; under tsx
 * or vitest it is `.ts`, and on Node 20 neither an inherited loader nor `execArgv: ['--import', 'tsx']` applies to a
 * worker's entry module, so the worker registers tsx itself before importing it (as src/tts/worker-pool.ts does).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type Transferable } from 'node:worker_threads';

let tsxApi: string | undefined;

export function startWorkerThread(script: URL, workerData: unknown, transferList: readonly Transferable[] = []): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData, transferList: [...transferList] });
  tsxApi ??= pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, transferList: [...transferList] });
}
