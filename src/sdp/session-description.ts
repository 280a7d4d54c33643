/**
 * The parsed form of an SDP session description (RFC 8866, which obsoletes RFC 4566). Every line of the text has a
 * place here, so that `parseSdp` and `serializeSdp` are inverse functions: nothing is dropped, nothing is invented.
 *
 * Session section (RFC 8866 §5, order fixed by the grammar in §9):
 *
 *   v=  o=  s=  [i=]  [u=]  e=*  p=*  [c=]  b=*  (t= r=*)*  [z=]  [k=]  a=*  (media section)*
 *
 * Media section:
 *
 *   m=  [i=]  c=*  b=*  [k=]  a=*
 *
 * Attribute values are kept verbatim (RFC 8866 §5.13: attributes a receiver does not understand are ignored, and we
 * must be able to pass them on untouched); typed views of the ones telephony needs live in `rtpmap.ts`, `fmtp.ts`,
 * `ptime.ts`, `direction.ts`, `rtcp-attribute.ts` and `connection.ts`.
 */

/** `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>` (RFC 8866 §5.2). */
export interface Origin {
  username: string;
  /** Digits, kept as text: real session ids exceed 2^53 (Chrome uses 63-bit ones). */
  sessionId: string;
  /** Digits, kept as text; incremented on every change of the description (RFC 3264 §8). */
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

/**
 * `c=<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7). For `IN IP4` the address may carry the multicast
 * forms `/ttl` and `/ttl/count`; for `IN IP6` only `/count`. Other network or address types keep the address verbatim.
 */
export interface Connection {
  netType: string;
  addrType: string;
  address: string;
  ttl?: number;
  addressCount?: number;
}

/** `b=<bwtype>:<bandwidth>` (RFC 8866 §5.8), bandwidth in kilobits per second for the common types. */
export interface Bandwidth {
  type: string;
  value: number;
}

/** `r=<repeat interval> <active duration> <offsets from start-time>` (RFC 8866 §5.10); typed times like `7d` kept. */
export interface RepeatTime {
  interval: string;
  duration: string;
  offsets: string[];
}

/** `t=<start-time> <stop-time>` with its `r=` lines (RFC 8866 §5.9); telephony always uses `t=0 0`. */
export interface TimeDescription {
  start: number;
  stop: number;
  repeats: RepeatTime[];
}

/** One pair of `z=<adjustment time> <offset>` (RFC 8866 §5.11). */
export interface TimeZoneAdjustment {
  time: number;
  offset: string;
}

/** `a=<name>` (property attribute, `value` absent) or `a=<name>:<value>` (value attribute, verbatim). */
export interface Attribute {
  name: string;
  value?: string;
}

/** `m=<media> <port>[/<number of ports>] <proto> <fmt> ...` and the lines that follow it (RFC 8866 §5.14). */
export interface MediaDescription {
  type: string;
  port: number;
  portCount?: number;
  proto: string;
  /** Media formats; for RTP profiles these are payload type numbers as text. */
  formats: string[];
  /** `i=` media title. */
  information?: string;
  connections: Connection[];
  bandwidths: Bandwidth[];
  /** `k=` (obsolete, RFC 8866 §5.12), kept verbatim. */
  key?: string;
  attributes: Attribute[];
}

export interface SessionDescription {
  /** `v=` is always 0 (RFC 8866 §5.1). */
  version: 0;
  origin: Origin;
  /** `s=`; RFC 8866 §5.3 asks for `-` rather than an empty name, but empty ones are read back as they came. */
  sessionName: string;
  information?: string;
  uri?: string;
  emails: string[];
  phones: string[];
  connection?: Connection;
  bandwidths: Bandwidth[];
  /** `t=` lines with their `r=`; RFC 8866 requires one, but descriptions without any are tolerated and kept so. */
  times: TimeDescription[];
  timeZones?: TimeZoneAdjustment[];
  key?: string;
  attributes: Attribute[];
  media: MediaDescription[];
}
