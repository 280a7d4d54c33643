/**
 * How a leg is configured: what SDP negotiated (codec, payload types, the peer's address) and what the node provides
 * (the clock, the port range, time and randomness). `validateEndpointOptions` turns mistakes into
 * `MediaEndpointError('invalid-config')` before any socket is bound.
 */
import { isIP } from 'node:net';
import type { Rng } from '../../lib/rng.js';
import type { G711Codec } from '../codecs/g711-codec.js';
import type { InbandDtmfDetectorOptions } from '../dtmf/inband-dtmf-detector.js';
import { MediaEndpointError } from './media-endpoint-error.js';
import type { MediaSocketFactory } from './media-socket.js';
import type { PortAllocator } from './port-allocator.js';
import type { LatchOptions, MediaAddress } from './symmetric-rtp-latch.js';
import type { TickSource } from './tick-source.js';

/** The peer's media address from its SDP (the shape of `RemoteMedia` in src/sdp): RTCP defaults to port + 1. */
export interface RemoteMediaAddress {
  address: string;
  port: number;
  rtcp?: MediaAddress;
}

export interface RtpEndpointOptions {
  /** The media clock every leg of this thread shares (`MediaClock` or `PhasedMediaClock`). */
  clock: TickSource;
  ports: PortAllocator;
  /** Local address to bind (default 127.0.0.1; 0.0.0.0 for all interfaces). */
  host?: string;
  /** The negotiated audio codec. */
  codec: G711Codec;
  /** Its payload type (default the codec's static one, RFC 3551 §6). */
  payloadType?: number;
  /** RFC 4733 telephone-event payload type, or null/undefined when not negotiated. */
  telephoneEventPayloadType?: number | null;
  /** Where the peer's SDP says to send; null until known (we then send nothing until the peer's packets latch us). */
  remote?: RemoteMediaAddress | null;
  /** RTCP on the RTP port (RFC 5761) instead of port + 1. Default false. */
  rtcpMux?: boolean;
  rng: Rng;
  /** Monotonic milliseconds on the same time base as the clock's pacer (default `performance.now`). */
  now?: () => number;
  /** Unix milliseconds for RTCP's NTP timestamps (default `Date.now`). */
  wallClock?: () => number;
  /** Emit `mediaTimeout` after this long without RTP from the peer; 0 disables (default 30,000). */
  mediaTimeoutMs?: number;
  latch?: LatchOptions;
  /** Run the in-band (Goertzel) DTMF detector on received audio (default off: about 5 µs per packet). */
  inbandDtmf?: boolean | InbandDtmfDetectorOptions;
  /** RTCP CNAME (RFC 3550 §6.5.1; default a random one, RFC 7022). */
  cname?: string;
  /** How sockets are bound (default UDP via `dgram`); tests pass a fake. */
  socketFactory?: MediaSocketFactory;
  /** Called after every audio packet a tick sends, with how late it left against its tick's ideal time (metrics). */
  onSendLateness?: (lateMs: number) => void;
}

function payloadTypeOk(pt: number): boolean {
  return Number.isInteger(pt) && pt >= 0 && pt <= 127 && !(pt >= 72 && pt <= 76); // RFC 5761 §4: 72-76 clash with RTCP
}

/** The audio and RFC 4733 payload types a leg sends and expects; throws `MediaEndpointError('invalid-config')`. */
export function validatePayloadTypes(pt: number, te: number | null | undefined): void {
  if (!payloadTypeOk(pt)) throw new MediaEndpointError('invalid-config', `audio payload type ${pt}`);
  if (te !== null && te !== undefined && (!payloadTypeOk(te) || te === pt)) {
    throw new MediaEndpointError('invalid-config', `telephone-event payload type ${te}`);
  }
}

export function validateEndpointOptions(o: RtpEndpointOptions): void {
  const fail = (what: string): never => {
    throw new MediaEndpointError('invalid-config', what);
  };
  validatePayloadTypes(o.payloadType ?? o.codec.payloadType, o.telephoneEventPayloadType);
  const host = o.host ?? '127.0.0.1';
  if (isIP(host) === 0) fail(`bind address '${host}' is not an IP address`);
  const r = o.remote;
  if (r) {
    if (isIP(r.address) === 0) fail(`remote media address '${r.address}' is not an IP address`);
    if (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535) fail(`remote media port ${r.port}`);
    if (r.rtcp && (isIP(r.rtcp.address) === 0 || r.rtcp.port < 1 || r.rtcp.port > 65535)) fail('remote RTCP address');
  }
  if (o.mediaTimeoutMs !== undefined && !(o.mediaTimeoutMs >= 0)) fail(`media timeout ${o.mediaTimeoutMs}`);
}
