/**
 * MediaKit joins SDP offer/answer (RFC 3264) to RTP legs on real loopback sockets: the answer carries the leg's real
 * port and the codec the offer preferred; an answer to our offer switches the leg to the codec the peer chose. The
 * same checks run with legs on this thread and with legs on a media worker (`MediaThreads`, what the server uses), and
 * for both, packets on the wire show the codec the answer chose and a bridge passes audio both ways.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import type { MediaLeg } from '../../src/media/endpoint/media-leg.js';
import { MediaThreads } from '../../src/media/endpoint/threads/media-threads.js';
import { dominantFrequency } from '../../src/media/audio/measure.js';
import { BridgeError } from '../../src/media/bridge/bridge-error.js';
import { Player } from '../../src/media/player/player.js';
import { ToneSource } from '../../src/media/sources/tone-source.js';
import { createPlayerServices } from '../../src/media/player/player-services.js';
import { parseSdp } from '../../src/sdp/index.js';
import { MediaKit } from '../../src/telephony/media-kit.js';
import { MediaNegotiationError } from '../../src/telephony/telephony-errors.js';
import { RtpPeer, sine } from '../support/rtp-peer.js';
import { freePortBlock } from '../support/sipp.js';

/** `size` free ports on loopback, starting even (RTP takes the even port). */
async function portRange(size: number): Promise<{ min: number; max: number }> {
  const base = await freePortBlock(size);
  return { min: base + (base % 2), max: base + size - 1 };
}

/** A MediaKit on 127.0.0.1: legs on this thread, or on `threads` when given. */
function loopbackKit(ports: { min: number; max: number }, threads?: MediaThreads): MediaKit {
  return new MediaKit({
    clock: new PhasedMediaClock(systemPacer),
    ports: new PortAllocator(ports),
    host: '127.0.0.1',
    rng: systemRng,
    timers: systemClock,
    players: createPlayerServices(),
    mediaTimeoutMs: 0,
    threads,
  });
}

const dominantHz = (pcm: Int16Array): number => dominantFrequency(pcm, 8000, 1024);

function offer(formats: string, rtpmaps: string[]): string {
  return ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio 40000 RTP/AVP ${formats}`, ...rtpmaps, ''].join('\r\n');
}

describe.each([
  ['legs on this thread', 0],
  ['legs on a media worker', 1],
])('MediaKit (SDP and RTP legs on loopback): %s', (_label, workers) => {
  const legs: MediaLeg[] = [];
  const peers: RtpPeer[] = [];
  let threads: MediaThreads | undefined;
  afterEach(async () => {
    for (const leg of legs.splice(0)) await leg.close();
    for (const peer of peers.splice(0)) peer.close();
    await threads?.stop();
    threads = undefined;
  });

  async function kit(): Promise<MediaKit> {
    const ports = await portRange(10);
    if (workers > 0) threads = await MediaThreads.start({ threads: workers, ports, host: '127.0.0.1' });
    return loopbackKit(ports, threads);
  }

  async function peer(): Promise<RtpPeer> {
    const p = await RtpPeer.open();
    peers.push(p);
    return p;
  }

  /** Plays a tone on the leg and returns the payload types of the first five packets the ear gets. */
  async function payloadTypesHeard(leg: MediaLeg, ear: RtpPeer): Promise<Set<number>> {
    leg.setSource(new ToneSource({ frequencies: [440] }, { durationMs: 400 }));
    await ear.waitFor(() => ear.received.length >= 5, 'five RTP packets from the leg', 5000);
    return new Set(ear.received.slice(0, 5).map((r) => r.packet.payloadType));
  }

  function pcmuOffer(port: number): string {
    return offer('0 101', ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000']).replace('m=audio 40000', `m=audio ${port}`);
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

  it('sends in the codec the answer chose: PCMA packets (payload type 8) reach the peer', async () => {
    const k = await kit();
    const ear = await peer();
    const prepared = await k.prepareOffer();
    legs.push(prepared.leg);
    prepared.complete(offer('8 101', ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000']).replace('m=audio 40000', `m=audio ${ear.port}`));
    expect(await payloadTypesHeard(prepared.leg, ear)).toEqual(new Set([8]));
  });

  it('plays to the address of the offer before the peer sends anything', async () => {
    const k = await kit();
    const ear = await peer();
    const { leg } = await k.answerOffer(pcmuOffer(ear.port));
    legs.push(leg);
    expect(await payloadTypesHeard(leg, ear)).toEqual(new Set([0]));
  });

  it('plays what a Player plays: the first item, and a new item replacing it at once', async () => {
    const k = await kit();
    const ear = await peer();
    const { leg } = await k.answerOffer(pcmuOffer(ear.port));
    legs.push(leg);
    // The Player sets itself as the leg's source before it starts the item (the order the server uses).
    const player = new Player(k.players, leg);
    player.play(new ToneSource({ frequencies: [440] }, { durationMs: 2000 }));
    await ear.waitFor(() => ear.received.length >= 10, 'ten packets of the first item', 5000);
    expect(dominantHz(ear.audio(2))).toBeCloseTo(440, -1);
    const switched = ear.received.length;
    player.play(new ToneSource({ frequencies: [1000] }, { durationMs: 2000 }));
    await ear.waitFor(() => ear.received.length >= switched + 15, 'fifteen packets after the switch', 5000);
    // At most the prebuffer (60 ms = 3 packets) and one packet in flight of the old item after the switch.
    expect(dominantHz(ear.audio(switched + 4))).toBeCloseTo(1000, -1);
    player.dispose();
  });

  it('bridges two legs: audio sent to one leaves the other, both ways', async () => {
    const k = await kit();
    const [alice, bob] = [await peer(), await peer()];
    const a = await k.answerOffer(pcmuOffer(alice.port));
    const b = await k.answerOffer(pcmuOffer(bob.port));
    legs.push(a.leg, b.leg);
    const bridge = k.bridge(a.leg, b.leg);
    // Each peer talks to its leg (its SDP port); the bridge relays to the other peer. Sent until heard: the join on
    // a worker completes a moment after bridge() returns.
    const talk = async (from: RtpPeer, leg: MediaLeg, to: RtpPeer): Promise<void> => {
      from.remote = { address: '127.0.0.1', port: leg.port };
      const before = to.received.length;
      for (let i = 0; i < 100 && to.received.length === before; i++) await from.sendAudio(sine(1000, 0.06));
      await to.waitFor(() => to.received.length > before, 'relayed audio', 5000);
    };
    await talk(alice, a.leg, bob);
    await talk(bob, b.leg, alice);
    bridge.unbridge();
  });
});

describe('MediaKit with two media workers: placing a call near the one it will be bridged to', () => {
  it('opens the outbound leg on the worker of `near`, so the two bridge; without it they may not', async () => {
    const ports = await portRange(40);
    const threads = await MediaThreads.start({ threads: 2, ports, host: '127.0.0.1' });
    const legs: MediaLeg[] = [];
    try {
      const k = loopbackKit(ports, threads);
      const caller = (await k.answerOffer(offer('0', ['a=rtpmap:0 PCMU/8000']))).leg;
      const elsewhere = (await k.prepareOffer()).leg; // least loaded: the other worker
      const operator = (await k.prepareOffer(caller)).leg;
      legs.push(caller, elsewhere, operator);
      expect(() => k.bridge(caller, elsewhere)).toThrow(BridgeError);
      expect(() => k.bridge(caller, operator)).not.toThrow();
    } finally {
      for (const leg of legs) await leg.close();
      await threads.stop();
    }
  });
});
