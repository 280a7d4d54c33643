/**
 * Messages between `MediaThreads` (main thread) and a media worker (`media-worker.ts`). Commands carry a leg `id`
 * (chosen by the main thread) and, when they expect an answer, a request number `req`. Audio does not travel in
 * messages: it goes through each leg's `FrameRing` in shared memory. Everything here is structured-clone safe.
 */
import type { G711Name } from '../../codecs/g711-codec.js';
import type { DtmfEvent } from '../../dtmf/dtmf-event.js';
import type { InbandDtmfDetectorOptions } from '../../dtmf/inband-dtmf-detector.js';
import type { Rfc4733SendOptions } from '../../dtmf/rfc4733-sender.js';
import type { LegStats } from '../leg-stats.js';
import type { RemoteMediaAddress } from '../rtp-endpoint-options.js';
import type { LatchOptions, MediaAddress } from '../symmetric-rtp-latch.js';
import type { WireError } from './wire-error.js';

export interface MediaWorkerInit {
  host: string;
  portMin: number;
  portMax: number;
  phases: number;
  statsIntervalMs: number;
  /** A `LatenessHistogram` buffer (default bins) the worker records every sent packet's lateness into. */
  lateness?: SharedArrayBuffer;
}

/** The `RtpEndpointOptions` that can cross a thread: no functions, the codec by name. */
export interface ThreadedLegOptions {
  codec: G711Name;
  payloadType?: number;
  telephoneEventPayloadType?: number | null;
  remote?: RemoteMediaAddress | null;
  rtcpMux?: boolean;
  mediaTimeoutMs?: number;
  latch?: LatchOptions;
  inbandDtmf?: boolean | InbandDtmfDetectorOptions;
  cname?: string;
}

export type ToWorker =
  | { op: 'open'; id: number; options: ThreadedLegOptions; ring: SharedArrayBuffer }
  /** Play the leg's ring from now (`gen` numbers the main thread's source changes). */
  | { op: 'play'; id: number; gen: number }
  | { op: 'silence'; id: number; gen: number }
  | { op: 'remote'; id: number; remote: RemoteMediaAddress | null }
  | { op: 'timeout'; id: number; ms: number }
  /** The codec the peer's answer chose (an outbound call's leg opens with our preferred one). */
  | { op: 'format'; id: number; codec: G711Name; payloadType: number; telephoneEventPayloadType: number | null }
  | { op: 'digits'; id: number; req: number; digits: string; options?: Rfc4733SendOptions }
  | { op: 'bridge'; req: number; a: number; b: number; removeDtmf: boolean }
  | { op: 'unbridge'; req: number; leg: number }
  | { op: 'close'; id: number; req: number; reason?: string }
  | { op: 'shutdown' };

export type FromWorker =
  | { ev: 'ready' }
  | { ev: 'opened'; id: number; port: number; address: string; ssrc: number }
  | { ev: 'openFailed'; id: number; error: WireError }
  | { ev: 'dtmf'; id: number; event: DtmfEvent }
  | { ev: 'latched'; id: number; source: MediaAddress }
  | { ev: 'mediaTimeout'; id: number; silentMs: number }
  | { ev: 'mediaRestored'; id: number }
  | { ev: 'sourceEnded'; id: number; gen: number }
  | { ev: 'warning'; id: number; message: string }
  | { ev: 'done'; req: number; error?: WireError }
  | { ev: 'stats'; ids: number[]; stats: LegStats[] }
  | { ev: 'closed'; id: number };
