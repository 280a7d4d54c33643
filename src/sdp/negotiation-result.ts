import type { Direction } from './direction.js';
import type { SessionDescription } from './session-description.js';

/** The codec agreed for the audio stream; `payloadType` is the number to put in the RTP we send. */
export interface NegotiatedCodec {
  name: string;
  payloadType: number;
  clockRate: number;
}

/** Where to send media: the other side's RTP address and port, and its RTCP (RFC 3605 `a=rtcp`, else port + 1). */
export interface RemoteMedia {
  address: string;
  port: number;
  rtcp: { address: string; port: number };
}

/**
 * A successful offer/answer exchange for one audio stream, from this side's point of view.
 * - `answer`: the answer (the one we built in `negotiateAnswer`, the peer's in `applyAnswer`).
 * - `mediaIndex`: which `m=` line carries the audio.
 * - `telephoneEvent`: the RFC 4733 payload type to send DTMF with, when both sides do telephone-event.
 * - `direction`: what WE may do: `sendonly` means send but expect nothing, `recvonly` means do not send (we are held).
 * - `ptime`: the packet time to send with, in ms (what the peer asked for, else our own).
 */
export interface NegotiationSuccess {
  ok: true;
  answer: SessionDescription;
  mediaIndex: number;
  codec: NegotiatedCodec;
  telephoneEvent?: number;
  remote: RemoteMedia;
  direction: Direction;
  ptime: number;
}

/**
 * Why no audio can flow. The SIP layer answers an offer that fails with `488 Not Acceptable Here` (RFC 3261
 * §13.3.1.1, RFC 3264 §6); an answer that fails `applyAnswer` ends the call attempt (RFC 3261 §13.2.1: the UAC then
 * sends BYE or a new offer).
 * - `no-audio-stream`: no active `m=audio` line at all.
 * - `unsupported-transport`: audio only over a profile we do not speak (RTP/SAVP, UDP/TLS/RTP/SAVPF...).
 * - `no-common-codec`: audio offered, but none of its codecs is one of ours.
 * - `no-connection-address`: the stream has no usable `c=` (neither media nor session level).
 * - `media-count-mismatch`: the answer does not have one `m=` line per offered one (RFC 3264 §6).
 * - `stream-rejected`: the answerer set our audio stream's port to 0.
 * - `codec-not-offered`: the answer picked a codec that the offer did not list (RFC 3264 §6.1).
 */
export type NegotiationFailureReason =
  | 'no-audio-stream'
  | 'unsupported-transport'
  | 'no-common-codec'
  | 'no-connection-address'
  | 'media-count-mismatch'
  | 'stream-rejected'
  | 'codec-not-offered';

export interface NegotiationFailure {
  ok: false;
  reason: NegotiationFailureReason;
  /** A sentence for logs and the SIP reason phrase's `Warning`; never parsed. */
  detail: string;
}

export type NegotiationResult = NegotiationSuccess | NegotiationFailure;

export function negotiationFailure(reason: NegotiationFailureReason, detail: string): NegotiationFailure {
  return { ok: false, reason, detail };
}
