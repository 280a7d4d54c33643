/**
 * The audio codecs holdless's media engine speaks: G.711 µ-law and A-law, with their static RTP/AVP payload types
 * (RFC 3551 §6). Both are 8 kHz mono, so `telephone-event/8000` (RFC 4733) goes with either.
 */
export type AudioCodecName = 'PCMU' | 'PCMA';

export interface AudioCodec {
  name: AudioCodecName;
  payloadType: number;
  clockRate: number;
}

export const AUDIO_CODECS: Readonly<Record<AudioCodecName, AudioCodec>> = {
  PCMU: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
  PCMA: { name: 'PCMA', payloadType: 8, clockRate: 8000 },
};

export function isAudioCodecName(name: string): name is AudioCodecName {
  return name === 'PCMU' || name === 'PCMA';
}
