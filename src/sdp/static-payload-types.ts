import type { Rtpmap } from './rtpmap.js';

/**
 * The static audio payload types of the RTP/AVP profile (RFC 3551 §6, Table 4). A format listed on an `m=` line with
 * one of these numbers and no `a=rtpmap` means this codec (RFC 8866 §6.6: static payload types need no rtpmap).
 * G722's clock rate is 8000 here by a historical error the RFC keeps on purpose (RFC 3551 §4.5.2).
 */
const TABLE: Readonly<Record<number, Omit<Rtpmap, 'payloadType'>>> = {
  0: { encoding: 'PCMU', clockRate: 8000, channels: 1 },
  3: { encoding: 'GSM', clockRate: 8000, channels: 1 },
  4: { encoding: 'G723', clockRate: 8000, channels: 1 },
  5: { encoding: 'DVI4', clockRate: 8000, channels: 1 },
  6: { encoding: 'DVI4', clockRate: 16000, channels: 1 },
  7: { encoding: 'LPC', clockRate: 8000, channels: 1 },
  8: { encoding: 'PCMA', clockRate: 8000, channels: 1 },
  9: { encoding: 'G722', clockRate: 8000, channels: 1 },
  10: { encoding: 'L16', clockRate: 44100, channels: 2 },
  11: { encoding: 'L16', clockRate: 44100, channels: 1 },
  12: { encoding: 'QCELP', clockRate: 8000, channels: 1 },
  13: { encoding: 'CN', clockRate: 8000, channels: 1 },
  14: { encoding: 'MPA', clockRate: 90000 },
  15: { encoding: 'G728', clockRate: 8000, channels: 1 },
  16: { encoding: 'DVI4', clockRate: 11025, channels: 1 },
  17: { encoding: 'DVI4', clockRate: 22050, channels: 1 },
  18: { encoding: 'G729', clockRate: 8000, channels: 1 },
};

/** The codec a static audio payload type stands for, or undefined for dynamic and unassigned numbers. */
export function staticPayloadType(payloadType: number): Rtpmap | undefined {
  const entry = TABLE[payloadType];
  return entry ? { payloadType, ...entry } : undefined;
}
