/**
 * Per-leg media statistics, as the telephony layer and metrics read them. The first four are the ones an operator
 * asks about ("is the caller's audio getting through?"); the rest explain the answer.
 */
import type { RemoteReport } from './rtcp-reporter.js';

export interface LegStats {
  /** RTP packets we sent (audio, RFC 4733 events, relayed packets). */
  packetsSent: number;
  /** RTP packets we accepted from the peer (parsed, negotiated payload type, from the latched source). */
  packetsReceived: number;
  /** Packets the peer sent that never arrived, RFC 3550 A.3 (cumulative over the peer's SSRC changes; ≥ 0). */
  lost: number;
  /** Interarrival jitter of the peer's stream, RFC 3550 A.8, in ms. */
  jitterMs: number;
  /** Payload octets sent. */
  octetsSent: number;
  /** Datagrams that were not RTP (or RTCP) at all. */
  malformed: number;
  /** RTP with a payload type the call did not negotiate. */
  unexpectedPayloadType: number;
  /** RTP from another source after latching, dropped (strict symmetric RTP). */
  foreign: number;
  rtcpSent: number;
  rtcpReceived: number;
  /** The peer's last RTCP report on our stream (its loss and jitter, the round trip), or null. */
  remote: RemoteReport | null;
}
