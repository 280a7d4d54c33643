import { cpus, freemem, platform, release, totalmem } from 'node:os';

/** One line naming the machine a benchmark ran on, printed at the top of every benchmark. */
export function machineLine(): string {
  const c = cpus();
  return `machine: ${c[0]?.model ?? 'unknown cpu'} x${c.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), ${platform()} ${release()}, node ${process.version}`;
}

/** The q-quantile (0..1) of a list of numbers, by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
