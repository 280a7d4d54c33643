import { spawnSync } from 'node:child_process';

/** Whether `command` is on the PATH (the benchmark runs without rtpengine, skipping its rows). */
export function hasPeerCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
