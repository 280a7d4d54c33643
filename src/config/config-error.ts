/**
 * The configuration is not usable. `problems` holds one line per problem, each naming where it is and what was
 * expected, e.g. `holdless.yaml: queues[0].ringTimeout: got 5: expected a number from 10 to 400 (line 7)`; the message
 * lists them all, so one start shows every mistake at once.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    const list = problems.length > 0 ? problems : ['unknown configuration problem'];
    const count = list.length === 1 ? '1 problem' : `${list.length} problems`;
    super(`Invalid holdless configuration (${count}):\n${list.map((p) => `  ${p}`).join('\n')}`, options);
    this.problems = Object.freeze([...list]);
  }
}
