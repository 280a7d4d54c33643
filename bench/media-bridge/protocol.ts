/** Messages between bench:media-bridge's orchestrator (run.ts) and its child processes. */

/** Per pair: where the caller's and the operator's sockets send (the relay's ports, or each other for the baseline). */
export interface Targets {
  caller: number[];
  operator: number[];
}

export type ToChild =
  | { type: 'targets'; targets: Targets }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'exit' };

export interface GeneratorReport {
  type: 'generator-report';
  sent: number;
  received: number;
  /** One-way delay, send → arrival through the relay (or directly), ms. */
  delayP50: number;
  delayP99: number;
  delayMax: number;
  cpuPercent: number;
}

export interface RelayReport {
  type: 'relay-report';
  cpuMs: number;
  relayed: number;
  rssMiB: number;
}

export type FromChild =
  | { type: 'ready'; ports: { caller: number[]; operator: number[] } }
  | { type: 'relay-ready'; legs: { a: number[]; b: number[] } }
  | GeneratorReport
  | RelayReport
  | { type: 'error'; message: string };
