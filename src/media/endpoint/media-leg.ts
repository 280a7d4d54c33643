/**
 * What the telephony layer holds for a call's media, whichever thread carries its packets: an `RtpEndpoint` on the
 * calling thread, or a `ThreadedRtpEndpoint` whose sockets live on a media worker (`MediaThreads`).
 */
import type { FrameOutput, FrameSource } from '../audio-frame.js';
import type { G711Codec } from '../codecs/g711-codec.js';
import type { Rfc4733SendOptions } from '../dtmf/rfc4733-sender.js';
import type { LegStats } from './leg-stats.js';
import type { Listeners } from './listeners.js';
import type { RtpEndpointEvents } from './rtp-endpoint.js';
import type { RemoteMediaAddress } from './rtp-endpoint-options.js';
import type { MediaAddress } from './symmetric-rtp-latch.js';

export interface MediaLeg extends FrameOutput {
  readonly events: Listeners<RtpEndpointEvents>;
  /** The local RTP port: what our SDP announces (RTCP on port + 1 unless muxed). */
  readonly port: number;
  readonly localAddress: string;
  readonly codec: G711Codec;
  readonly payloadType: number;
  /** -1 when RFC 4733 was not negotiated. */
  readonly telephoneEventPayloadType: number;
  readonly ssrc: number;
  readonly source: FrameSource | null;
  /** Where RTP goes now: the SDP's address, or the latched source. */
  readonly remote: MediaAddress | null;
  readonly latched: boolean;
  readonly closed: boolean;
  readonly stats: LegStats;
  sendDigits(digits: string, options?: Rfc4733SendOptions): Promise<void>;
  setRemote(remote: RemoteMediaAddress | null): void;
  /** The codec and payload types the answer to our offer chose (RFC 3264 §6.1: the answerer picks). */
  setFormat(codec: G711Codec, payloadType?: number, telephoneEventPayloadType?: number | null): void;
  setMediaTimeout(ms: number): void;
  close(reason?: string): Promise<void>;
}
