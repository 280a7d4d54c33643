/**
 * How much of a core this process can get right now, and the longest time it was kept off the CPU: spins for
 * `ms` and watches the clock. On a shared machine this is what bounds send lateness, whatever the code does.
 */
export function cpuProbe(ms = 500): { share: number; longestGapMs: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let last = start;
  let longest = 0;
  for (;;) {
    const now = performance.now();
    if (now - last > longest) longest = now - last;
    last = now;
    if (now - start >= ms) break;
  }
  const used = process.cpuUsage(cpu);
  return { share: (used.user + used.system) / 1000 / (performance.now() - start), longestGapMs: longest };
}
