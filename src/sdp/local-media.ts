import { AUDIO_CODECS, type AudioCodecName } from './audio-codecs.js';
import type { Direction } from './direction.js';
import { InvalidSdpOptionsError } from './sdp-errors.js';
import type { SessionDescription } from './session-description.js';

/** What this side brings to an offer or an answer: where it receives RTP and what it can do. */
export interface LocalMedia {
  /** Our RTP address (IPv4 or IPv6; written in `o=` and `c=`). */
  address: string;
  /** Our RTP port, 1-65535. */
  port: number;
  /** The codecs we accept; in an offer, in order of preference (RFC 3264 §5.1: first is most preferred). */
  codecs: readonly AudioCodecName[];
  /** Packet time we want to receive, in ms (`a=ptime`, default 20). */
  ptime?: number;
  /** The direction we want (default `sendrecv`); `sendonly` or `inactive` to hold (RFC 3264 §8.4). */
  direction?: Direction;
  /**
   * Our previous description in this session (re-offer or re-answer): its `o=` is kept and the version incremented
   * when anything changed (RFC 3264 §8).
   */
  previous?: SessionDescription;
  /** `s=` (default `-`). */
  sessionName?: string;
}

/** Validates the shared options; throws `InvalidSdpOptionsError` (a programming error, not a peer's). */
export function checkLocalMedia(options: LocalMedia): void {
  if (!/^[^\s/]+$/.test(options.address)) {
    throw new InvalidSdpOptionsError('address', `'${options.address}' is not an address`);
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new InvalidSdpOptionsError('port', `${options.port} is not a port (1-65535)`);
  }
  if (options.codecs.length === 0) throw new InvalidSdpOptionsError('codecs', 'at least one codec is needed');
  for (const name of options.codecs) {
    if (!Object.hasOwn(AUDIO_CODECS, name)) {
      throw new InvalidSdpOptionsError('codecs', `'${String(name)}' is not PCMU or PCMA`);
    }
  }
  const ptime = options.ptime;
  if (ptime !== undefined && !(Number.isInteger(ptime) && ptime > 0 && ptime <= 1000)) {
    throw new InvalidSdpOptionsError('ptime', `${ptime} is not a packet time in ms`);
  }
}
