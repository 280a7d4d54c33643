/**
 * A media leg against a real peer: SIPp calls a tiny UAS built on our `UserAgent`, which answers with the SDP of an
 * `RtpEndpoint` (PCMA, telephone-event 101); SIPp then replays the sip-tester captures of the digits 1 and # (RFC 4733)
 * and 7 s of A-law speech at that port (test/sipp/media-uac-pcap.xml).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import { bandEnergyRatio, rmsDbfs, zeroCrossingRate } from '../../src/media/audio/measure.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PCMA } from '../../src/media/codecs/g711-codec.js';
import type { DtmfEvent } from '../../src/media/dtmf/dtmf-event.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import { RtpEndpoint } from '../../src/media/endpoint/rtp-endpoint.js';
import { parseSdp, remoteMediaOf } from '../../src/sdp/index.js';
import { UserAgent } from '../../src/sip/ua/user-agent.js';
import { hasPeer } from '../support/peers.js';
import { runSipp } from '../support/sipp.js';

const SCENARIOS = new URL('../sipp/', import.meta.url).pathname;

function answerSdp(port: number): string {
  return [
    'v=0',
    'o=holdless 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 8 101`,
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    '',
  ].join('\r\n');
}

describe.skipIf(!hasPeer('sipp'))('media leg against SIPp pcaps (needs sipp)', () => {
  let ua: UserAgent | undefined;
  const legs: RtpEndpoint[] = [];
  afterEach(async () => {
    await ua?.stop();
    ua = undefined;
    await Promise.all(legs.splice(0).map((l) => l.close()));
  });

  /** Runs `scenario` against a UAS that answers with a fresh PCMA leg; resolves with the leg, its digits and audio. */
  async function call(scenario: string) {
    const clock = new PhasedMediaClock(systemPacer);
    const ports = new PortAllocator({ min: 40000, max: 40999 });
    const digits: DtmfEvent[] = [];
    const audio: Int16Array[] = [];
    let answered!: (leg: RtpEndpoint) => void;
    const legReady = new Promise<RtpEndpoint>((resolve) => (answered = resolve));
    ua = await UserAgent.start({
      listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
      clock: systemClock,
      rng: systemRng,
      onInvite: (call) => {
        const offer = parseSdp(call.offer);
        const remote = remoteMediaOf(offer, offer.media[0]!);
        void RtpEndpoint.open({ clock, ports, codec: PCMA, telephoneEventPayloadType: 101, remote, rng: systemRng }).then((leg) => {
          legs.push(leg);
          leg.events.on('dtmf', (e) => digits.push(e));
          leg.onFrame((pcm) => audio.push(Int16Array.from(pcm)));
          call.answer(answerSdp(leg.port));
          answered(leg);
        });
      },
    });
    const sipp = await runSipp(['-sf', `${SCENARIOS}${scenario}`, `127.0.0.1:${ua.stack.localAddress('udp').port}`, '-m', '1', '-timeout', '40s', '-timeout_error'], 60_000);
    expect(sipp.code, sipp.stderr + sipp.stdout.slice(-1500)).toBe(0);
    return { leg: await legReady, digits, audio };
  }

  it('detects the RFC 4733 digits 1 and # once each, and receives speech-like PCMA audio', async () => {
    const { leg, digits, audio } = await call('media-uac-pcap.xml');

    expect(digits.map((d) => [d.digit, d.method])).toEqual([
      ['1', 'rfc4733'],
      ['#', 'rfc4733'],
    ]);
    // g711a.pcap: 236 packets of 30 ms A-law (240 samples each).
    expect(audio).toHaveLength(236);
    expect(audio.every((f) => f.length === 240)).toBe(true);
    const pcm = new Int16Array(audio.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of audio) {
      pcm.set(f, at);
      at += f.length;
    }
    const level = rmsDbfs(pcm);
    const voiceBand = bandEnergyRatio(pcm, 8000, 80, 3400);
    const zcr = zeroCrossingRate(pcm);
    console.log(`g711a.pcap as received: ${(pcm.length / 8000).toFixed(2)} s, ${level.toFixed(1)} dBFS, ${(voiceBand * 100).toFixed(1)} % in 80-3400 Hz, zero-crossing rate ${zcr.toFixed(3)}`);
    expect(level).toBeGreaterThan(-45);
    expect(voiceBand).toBeGreaterThan(0.8);
    expect(zcr).toBeGreaterThan(0.02);
    expect(zcr).toBeLessThan(0.3);
    const stats = leg.stats;
    expect(stats.packetsReceived).toBe(10 + 10 + 236);
    // The two digit captures share an SSRC but were recorded 445 sequence numbers apart (7984-7991, then 8436-8443,
    // end packets repeated): RFC 3550 A.3 counts the 460 expected minus 20 received as lost. The speech (another
    // SSRC) arrives whole, so that is all the loss there is.
    expect(stats.lost).toBe(440);
    expect(leg.latched).toBe(true);
  });

  it('detects every digit of the sip-tester captures once, in order', async () => {
    const { digits, audio } = await call('media-uac-all-digits.xml');
    expect(digits.map((d) => d.digit).join('')).toBe('1023456789*#');
    expect(digits.every((d) => d.method === 'rfc4733')).toBe(true);
    expect(audio).toHaveLength(0);
  });
});
