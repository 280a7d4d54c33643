/** Messages between bench:queue-load's driver (run.ts) and its receiver process (receiver-process.ts). */

export interface ReceiverConfig {
  /** RTP sockets to bind (each with an RTCP socket on the port above it); calls share them, told apart by SSRC. */
  sockets: number;
  /** The shipped hold music (absolute path): its first frame tells when a caller's music starts. */
  holdMusic: string;
  /** Streams of the anchor process (SSRC 0x30000 + i), measured apart from holdless's. */
  anchorLegs: number;
}

export type ToReceiver =
  /** Opens the measuring window; `expected`: calls that should be sending. */
  | { type: 'start'; expected: number }
  /** Closes it and asks for the report. */
  | { type: 'stop' }
  /** How many streams exist so far and how many of them have reached the hold music. */
  | { type: 'status' }
  | { type: 'exit' };

export interface ReceiverReport {
  type: 'receiver-report';
  windowMs: number;
  /** Streams (SSRCs) that delivered packets inside the window. */
  activeStreams: number;
  /** `expected` minus active streams: answered calls that sent nothing in the window. */
  silentCalls: number;
  packets: number;
  /** Expected minus received, by sequence numbers per stream (RFC 3550 A.3), summed over the window. */
  lost: number;
  /** Packets that arrived with a sequence number at or below the highest seen (reordered or duplicated). */
  reordered: number;
  /** Interarrival deviation |D(i-1,i)| (RFC 3550 §6.4.1) of every consecutive pair of a stream, ms. */
  dP50: number;
  dP99: number;
  dP999: number;
  dMax: number;
  /** RFC 3550's running estimate J (A.8) of each stream at the end of the window, quantiles over streams, ms. */
  jP50: number;
  jP99: number;
  jMax: number;
  /** Streams with a gap of 100 ms or more between two packets inside the window (announcement ↔ music switch). */
  streamsWithGap: number;
  /** Longest gap between two packets of one stream inside the window, ms. */
  maxGapMs: number;
  /** Streams that went 1 s or more without sound in the window (silence packets or none: dead air), and the longest
   * such stretch, ms. The hold music has no silent frame, so this is time a caller heard nothing. */
  deadAirStreams: number;
  deadAirMaxMs: number;
  /** The receiver's own event-loop delay in the window (it inflates |D|): p99 and max, ms. */
  loopP99Ms: number;
  loopMaxMs: number;
  cpuPercent: number;
  /** Datagrams the kernel dropped at the receiver's sockets during the window (receive buffer full). */
  kernelDrops: number;
  /** Since the start: streams seen, streams that reached the hold music, and of those, streams that heard at least
   * one second of sound that is not the music first (the announcement; silence does not count). */
  streamsSeen: number;
  onMusic: number;
  announcedFirst: number;
  /** Silence holdless sent before the first sound of each stream (dead air after the answer): p50 and max, ms. */
  leadSilenceP50Ms: number;
  leadSilenceMaxMs: number;
  /** The anchor's streams in the same window: a trivial paced sender on this machine, now. */
  anchor: { streams: number; lost: number; dP50: number; dP99: number; dMax: number };
}

export type FromReceiver =
  | { type: 'ready'; ports: number[] }
  | ReceiverReport
  | { type: 'receiver-status'; streams: number; onMusic: number; packetsPerSecond: number }
  | { type: 'error'; message: string };
