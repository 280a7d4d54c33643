import { firstAttributeValue } from './attribute-list.js';
import type { MediaDescription } from './session-description.js';

/**
 * `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]` (RFC 3605 §2.1): where the writer wants RTCP, when it
 * is not the RTP port + 1 on the same address (NATs and some SBCs rewrite it).
 */
export interface RtcpAttribute {
  port: number;
  netType?: string;
  addrType?: string;
  address?: string;
}

/** Reads the value of an `a=rtcp` attribute; undefined when malformed. */
export function parseRtcpAttribute(value: string): RtcpAttribute | undefined {
  const match = /^(\d{1,5})(?: +(\S+) +(\S+) +(\S+))?\s*$/.exec(value.trim());
  if (!match) return undefined;
  const port = Number(match[1]);
  if (port > 65535) return undefined;
  if (match[2] === undefined) return { port };
  return { port, netType: match[2], addrType: match[3]!, address: match[4]! };
}

/** Writes the value of an `a=rtcp` attribute. */
export function formatRtcpAttribute(rtcp: RtcpAttribute): string {
  if (rtcp.address === undefined) return `${rtcp.port}`;
  return `${rtcp.port} ${rtcp.netType ?? 'IN'} ${rtcp.addrType ?? 'IP4'} ${rtcp.address}`;
}

/** The media section's `a=rtcp`, or undefined when absent or malformed. */
export function rtcpOf(media: MediaDescription): RtcpAttribute | undefined {
  const value = firstAttributeValue(media.attributes, 'rtcp');
  return value === undefined ? undefined : parseRtcpAttribute(value);
}
