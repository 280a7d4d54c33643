import { spawnSync } from 'node:child_process';

/**
 * Whether a test peer (an external program nobody here wrote) is installed. Tests that need one use
 * `it.skipIf(!hasPeer('sipp'))('... (needs sipp)', ...)`; scripts/test.mjs installs peers when it can and, under
 * CI=true, fails the run if any test was skipped.
 */
const cache = new Map<string, boolean>();

export function hasPeer(command: string): boolean {
  let found = cache.get(command);
  if (found === undefined) {
    found = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
    cache.set(command, found);
  }
  return found;
}

/**
 * Whether an end-to-end suite that needs these peers runs: when they are installed, and always under CI=true, where
 * nothing may be skipped (a missing peer then fails the suite loudly instead of hiding it).
 */
export function peersOrCi(...commands: string[]): boolean {
  return commands.every(hasPeer) || process.env.CI === 'true';
}
