/** Messages between the benchmark's orchestrator (run.ts) and its two child processes. */

export interface TrialConfig {
  legs: number;
  /** 'phased': PhasedMediaClock; 'single': one MediaClock burst per tick. */
  clock: 'phased' | 'single';
  /** Event loops carrying the legs: 1 = the main thread, more = worker threads. */
  threads: number;
  /** The far end also sends 50 packets/s per leg back (a caller's voice), so each leg sends and receives. */
  duplex: boolean;
  /** Plain dgram sockets instead of RtpEndpoints: the anchor (what Node and the kernel cost alone). */
  anchor?: boolean;
  /** Receiving sockets at the far end, shared by the legs round-robin (0: one per leg). */
  farSockets?: number;
}

export type ToChild = { type: 'start' } | { type: 'stop' } | { type: 'exit' };

export interface LegsReport {
  type: 'legs-report';
  cpuPercent: number;
  rssPerLegKiB: number;
  rssMiB: number;
  lateness: { bins: number[]; maxMs: number };
  packetsSent: number;
  packetsReceived: number;
  lostAtLegs: number;
  stalls: number;
}

export interface FarEndReport {
  type: 'far-end-report';
  received: number;
  lost: number;
  /** Legs that delivered nothing in the window. */
  silentLegs: number;
  cpuPercent: number;
  /** Interarrival deviation (|D| of RFC 3550 A.8) quantiles at the receivers, ms. */
  rxJitterP50: number;
  rxJitterP99: number;
}

export type FromChild =
  | { type: 'ready'; ports?: number[] }
  | LegsReport
  | FarEndReport
  | { type: 'error'; message: string };
