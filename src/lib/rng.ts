import { randomBytes, randomUUID } from 'node:crypto';

/** Randomness as every layer sees it: injected so identifiers are reproducible in tests. */
export interface Rng {
  /** A random identifier, unique for practical purposes (UUID v4 in production). */
  uuid(): string;
  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string;
}

export const systemRng: Rng = {
  uuid: () => randomUUID(),
  hex: (bytes) => randomBytes(bytes).toString('hex'),
};

/** A deterministic generator for tests: identifiers count up from a prefix. */
export class SequenceRng implements Rng {
  private n = 0;
  constructor(private readonly prefix = 'id') {}
  uuid(): string {
    return `${this.prefix}-${(++this.n).toString().padStart(6, '0')}`;
  }
  hex(bytes: number): string {
    return (++this.n).toString(16).padStart(bytes * 2, '0').slice(-bytes * 2);
  }
}
