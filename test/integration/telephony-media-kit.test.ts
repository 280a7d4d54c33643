/**
 * MediaKit joins SDP offer/answer (RFC 3264) to RTP legs on real loopback sockets: the answer carries the leg's real
 * port and the codec the offer preferred; an answer to our offer switches the leg to the codec the peer chose.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import type { RtpEndpoint } from '../../src/media/endpoint/rtp-endpoint.js';
import { createPlayerServices } from '../../src/media/player/player-services.js';
import { parseSdp } from '../../src/sdp/index.js';
import { MediaKit } from '../../src/telephony/media-kit.js';
import { MediaNegotiationError } from '../../src/telephony/telephony-errors.js';
import { freePortBlock } from '../support/sipp.js';

function offer(formats: string, rtpmaps: string[]): string {
  return ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio 40000 RTP/AVP ${formats}`, ...rtpmaps, ''].join('\r\n');
}

describe('MediaKit (SDP and RTP legs on loopback)', () => {
  const legs: RtpEndpoint[] = [];
  afterEach(async () => {
    for (const leg of legs.splice(0)) await leg.close();
  });

  async function kit(): Promise<MediaKit> {
    const base = await freePortBlock(10);
    return new MediaKit({
      clock: new PhasedMediaClock(systemPacer),
      ports: new PortAllocator({ min: base + (base % 2), max: base + 9 }),
      host: '127.0.0.1',
      rng: systemRng,
      timers: systemClock,
      players: createPlayerServices(),
      mediaTimeoutMs: 0,
    });
  }

  it('answers a PCMA-first offer with PCMA, RFC 4733 at the offered payload type, and the leg\'s real port', async () => {
    const k = await kit();
    const { leg, answer } = await k.answerOffer(offer('8 0 96', ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:96 telephone-event/8000']));
    legs.push(leg);
    const parsed = parseSdp(answer);
    expect(parsed.media[0]!.port).toBe(leg.port);
    expect(parsed.media[0]!.formats).toEqual(['8', '96']);
    expect(leg.codec.name).toBe('PCMA');
    expect(leg.telephoneEventPayloadType).toBe(96);
  });

  it('refuses an offer without G.711 (488) and one it cannot read, with typed errors', async () => {
    const k = await kit();
    await expect(k.answerOffer(offer('9', ['a=rtpmap:9 G722/8000']))).rejects.toMatchObject({ name: 'MediaNegotiationError', reason: 'no-common-codec' });
    await expect(k.answerOffer('not sdp at all')).rejects.toBeInstanceOf(MediaNegotiationError);
  });

  it('offers PCMU, PCMA and telephone-event from its leg, and follows the answer to PCMA', async () => {
    const k = await kit();
    const prepared = await k.prepareOffer();
    legs.push(prepared.leg);
    const ours = parseSdp(prepared.offer);
    expect(ours.media[0]!.port).toBe(prepared.leg.port);
    expect(ours.media[0]!.formats).toEqual(['0', '8', '101']);
    prepared.complete(offer('8 101', ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000']));
    expect(prepared.leg.codec.name).toBe('PCMA');
    expect(prepared.leg.payloadType).toBe(8);
    expect(prepared.leg.telephoneEventPayloadType).toBe(101);
    expect(prepared.leg.remote).toEqual({ address: '127.0.0.1', port: 40000 });
    expect(() => prepared.complete(offer('9', ['a=rtpmap:9 G722/8000']))).toThrow(MediaNegotiationError);
  });
});
