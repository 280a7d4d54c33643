/**
 * The other per-packet costs of the media core, next to the codec numbers of `run.ts`: what one 20 ms G.711 packet
 * costs to parse, account, decode, run through the in-band DTMF detector, encode, stamp and serialize. The socket layer
 * adds its own costs (TOOLING.md: about 2.8 µs of CPU per paced send on this machine).
 */
import { quantile } from '../lib/machine.js';
import { decodeUlaw, encodeUlaw } from '../../src/media/codecs/g711.js';
import { InbandDtmfDetector } from '../../src/media/dtmf/inband-dtmf-detector.js';
import { Rfc4733Receiver } from '../../src/media/dtmf/rfc4733-receiver.js';
import { TelephoneEvent } from '../../src/media/dtmf/telephone-event.js';
import { RtpPacket } from '../../src/media/rtp/rtp-packet.js';
import { RtpReceiverStats } from '../../src/media/rtp/rtp-receiver-stats.js';
import { RtpSender } from '../../src/media/rtp/rtp-sender.js';
import { SequenceRng } from '../../src/lib/rng.js';
import { resample } from '../../src/lib/resampler.js';

function timeNsPerOp(ops: number, body: (i: number) => void, runs: number): number {
  for (let i = 0; i < Math.min(ops, 20_000); i++) body(i);
  const results: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) body(i);
    results.push(Number(process.hrtime.bigint() - start) / ops);
  }
  return quantile(results, 0.5);
}

export function runPerPacket(runs: number): void {
  const OPS = 200_000;
  const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(6000 * Math.sin(i / 3)));
  const wire = new Uint8Array(1500);
  const sender = new RtpSender({ rng: new SequenceRng(), payloadType: 0, clockRate: 8000 });
  const out = new RtpPacket();
  out.payload = new Uint8Array(160);
  const datagram = (() => {
    encodeUlaw(pcm, out.payload);
    sender.stamp(out, 160);
    return out.marshal();
  })();
  const parsed = new RtpPacket();
  const stats = new RtpReceiverStats({ clockRate: 8000 });
  const decoded = new Int16Array(160);
  const detector = new InbandDtmfDetector();
  const dtmf = new Rfc4733Receiver();
  const event = new TelephoneEvent(5, false, 10, 400).marshal();

  const rows: [string, number][] = [
    ['RTP unmarshalFrom (reused packet)', timeNsPerOp(OPS, () => void parsed.unmarshalFrom(datagram), runs)],
    ['RtpReceiverStats.update', timeNsPerOp(OPS, (i) => void stats.update(i & 0xffff, 160 * i, 20 * i), runs)],
    ['µ-law decode 160 samples', timeNsPerOp(OPS, () => void decodeUlaw(datagram.subarray(12), decoded), runs)],
    ['in-band DTMF detector, 20 ms frame', timeNsPerOp(OPS / 10, (i) => void detector.process(pcm, 20 * i), runs)],
    ['RFC 4733 receive (update packet)', timeNsPerOp(OPS, (i) => void dtmf.receive(1, 1000, event, i), runs)],
    ['µ-law encode 160 samples', timeNsPerOp(OPS, () => void encodeUlaw(pcm, out.payload), runs)],
    [
      'RtpSender.stamp + marshalTo',
      timeNsPerOp(OPS, () => void sender.stamp(out, 160).marshalTo(wire, 0), runs),
    ],
  ];
  console.log('\nper 20 ms packet (G.711, 160 samples)');
  for (const [name, ns] of rows) console.log(`  ${name.padEnd(38)} ${(ns / 1000).toFixed(3).padStart(7)} µs`);

  const speech = Float32Array.from({ length: 22050 * 5 }, (_, i) => Math.sin(i / 7) * 0.3);
  const started = process.hrtime.bigint();
  resample(speech, 22050, 8000);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`\nresampling 5 s of 22,050 Hz audio to 8 kHz (off the packet path): ${ms.toFixed(1)} ms`);
}
