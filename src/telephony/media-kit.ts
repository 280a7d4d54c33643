/**
 * Everything a call's media needs from the node, in one place: the shared media clock, the RTP port range, the
 * address we receive on, and what players share (loader, TTS, failure throttle). `answerOffer` and `prepareOffer`
 * join SDP (RFC 3264) to a media leg, the only place where the two meet.
 */
import type { Clock } from '../lib/clock.js';
import type { Rng } from '../lib/rng.js';
import { g711Codec, type G711Codec } from '../media/codecs/g711-codec.js';
import type { TickSource } from '../media/endpoint/tick-source.js';
import type { PortAllocator } from '../media/endpoint/port-allocator.js';
import { Bridge } from '../media/bridge/bridge.js';
import { BridgeError } from '../media/bridge/bridge-error.js';
import type { MediaLeg } from '../media/endpoint/media-leg.js';
import { RtpEndpoint } from '../media/endpoint/rtp-endpoint.js';
import type { MediaThreads } from '../media/endpoint/threads/media-threads.js';
import { ThreadedRtpEndpoint } from '../media/endpoint/threads/threaded-rtp-endpoint.js';
import type { PlayerServices } from '../media/player/player-services.js';
import {
  applyAnswer,
  createOffer,
  negotiateAnswer,
  parseSdp,
  serializeSdp,
  type NegotiationSuccess,
  type SessionDescription,
} from '../sdp/index.js';
import { MediaNegotiationError } from './telephony-errors.js';

export interface MediaKitOptions {
  clock: TickSource;
  ports: PortAllocator;
  /** The IP we bind RTP to and write into SDP. */
  host: string;
  /** The address written into SDP when it differs from `host` (behind NAT). */
  advertisedHost?: string | undefined;
  rng: Rng;
  timers: Clock;
  players: PlayerServices;
  /** No RTP from the peer for this long ends the call (0: never). */
  mediaTimeoutMs: number;
  /**
   * Media workers: when set, every leg's sockets live on a worker thread (RTP sending, receiving and bridges run
   * there) and only the sources (prompts, TTS, music) stay on this thread; `clock` and `ports` are then unused.
   */
  threads?: MediaThreads | undefined;
}

/** A bridge between two legs, wherever they live. */
export interface LegBridge {
  unbridge(): void;
}

/** RFC 4733 payload type we offer (101 by convention). */
const OFFERED_TELEPHONE_EVENT = 101;

export class MediaKit {
  constructor(readonly o: MediaKitOptions) {}

  get players(): PlayerServices {
    return this.o.players;
  }

  /**
   * An inbound offer: negotiates the answer (a failure is `MediaNegotiationError`, answered with 488), opens the leg,
   * and returns the answer with the leg's real port.
   */
  async answerOffer(offerText: string): Promise<{ leg: MediaLeg; answer: string }> {
    let offer: SessionDescription;
    try {
      offer = parseSdp(offerText);
    } catch (err) {
      throw new MediaNegotiationError('unreadable-offer', `the SDP offer cannot be parsed: ${(err as Error).message}`);
    }
    // The port is not known before the leg is bound, and the leg needs the codec: negotiate with a placeholder port
    // (9, "discard"), open the leg, then write its port into the answer.
    const result = negotiateAnswer(offer, { address: this.sdpHost, port: 9, codecs: ['PCMU', 'PCMA'] }, { rng: this.o.rng, clock: this.o.timers });
    if (!result.ok) throw new MediaNegotiationError(result.reason, result.detail);
    const leg = await this.openLeg(result);
    result.answer.media[result.mediaIndex]!.port = leg.port;
    return { leg, answer: serializeSdp(result.answer) };
  }

  /**
   * An outbound call: a leg and our offer; `complete` applies the peer's answer to the leg (codec, address). `near`:
   * the leg of the call this one will probably be bridged to, so that both live on the same media worker.
   */
  async prepareOffer(near?: MediaLeg): Promise<{ leg: MediaLeg; offer: string; complete(answerText: string): void }> {
    const leg = await this.open({ codec: g711Codec('PCMU')!, telephoneEventPayloadType: OFFERED_TELEPHONE_EVENT, remote: null, mediaTimeoutMs: 0 }, near);
    const offer = createOffer(
      { address: this.sdpHost, port: leg.port, codecs: ['PCMU', 'PCMA'], telephoneEvent: OFFERED_TELEPHONE_EVENT },
      { rng: this.o.rng, clock: this.o.timers },
    );
    return {
      leg,
      offer: serializeSdp(offer),
      complete: (answerText) => {
        let answer: SessionDescription;
        try {
          answer = parseSdp(answerText);
        } catch (err) {
          throw new MediaNegotiationError('unreadable-answer', `the SDP answer cannot be parsed: ${(err as Error).message}`);
        }
        const result = applyAnswer(offer, answer);
        if (!result.ok) throw new MediaNegotiationError(result.reason, result.detail);
        leg.setFormat(codecOf(result), result.codec.payloadType, result.telephoneEvent ?? null);
        leg.setRemote(result.remote);
        leg.setMediaTimeout(this.o.mediaTimeoutMs);
      },
    };
  }

  private get sdpHost(): string {
    return this.o.advertisedHost ?? this.o.host;
  }

  /**
   * Joins two legs so that each hears the other (throws `BridgeError` when they cannot be joined). Legs on media
   * workers are relayed by their worker, so both must live on the same one; the join completes there a moment later.
   */
  bridge(a: MediaLeg, b: MediaLeg): LegBridge {
    if (a instanceof RtpEndpoint && b instanceof RtpEndpoint) return Bridge.join(a, b, { removeDtmf: false });
    const threads = this.o.threads;
    if (!threads || !(a instanceof ThreadedRtpEndpoint) || !(b instanceof ThreadedRtpEndpoint)) {
      throw new BridgeError('different-threads', 'one leg is on a media worker and the other is not');
    }
    if (a.worker !== b.worker) throw new BridgeError('different-threads', 'the legs live on different media workers');
    let released = false;
    const joining = threads.bridge(a, b, { removeDtmf: false });
    joining.catch(() => undefined);
    return {
      unbridge: () => {
        if (released) return;
        released = true;
        void joining.then((bridge) => bridge.unbridge()).catch(() => undefined);
      },
    };
  }

  private openLeg(result: NegotiationSuccess): Promise<MediaLeg> {
    return this.open({
      codec: codecOf(result),
      payloadType: result.codec.payloadType,
      telephoneEventPayloadType: result.telephoneEvent ?? null,
      remote: result.remote,
      mediaTimeoutMs: this.o.mediaTimeoutMs,
      // Trunks that send DTMF as audio: the Goertzel detector only runs when no RFC 4733 was agreed.
      inbandDtmf: result.telephoneEvent === undefined,
    });
  }

  /** A leg on this thread, or on a media worker when there are any (on `near`'s worker when it has one). */
  private open(
    o: {
      codec: G711Codec;
      payloadType?: number;
      telephoneEventPayloadType: number | null;
      remote: NegotiationSuccess['remote'] | null;
      mediaTimeoutMs: number;
      inbandDtmf?: boolean;
    },
    near?: MediaLeg,
  ): Promise<MediaLeg> {
    if (this.o.threads) {
      const { codec, ...rest } = o;
      return this.o.threads.open({ ...rest, codec: codec.name, ...(near instanceof ThreadedRtpEndpoint && !near.closed ? { near } : {}) });
    }
    return RtpEndpoint.open({ ...o, clock: this.o.clock, ports: this.o.ports, host: this.o.host, rng: this.o.rng });
  }
}

function codecOf(result: NegotiationSuccess): G711Codec {
  const codec = g711Codec(result.codec.name.toUpperCase());
  if (!codec) throw new MediaNegotiationError('no-common-codec', `negotiated codec ${result.codec.name} is not G.711`);
  return codec;
}
