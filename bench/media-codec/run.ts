/**
 * bench:media-codec — G.711 encode/decode speed: our lookup tables vs the segment formulas vs the `alawmulaw`
 * package, on 20 ms frames (160 samples) of speech-like audio, as the media path uses them.
 *
 *   npx tsx bench/media-codec/run.ts [--frames N] [--runs R]
 *
 * Prints ns per sample and ns per 160-sample frame (median of R runs) and, for each operation, which contender won.
 * Every contender writes into a caller buffer except `alawmulaw.encode/decode`, which allocate a new array per call
 * (that is the package's API), so both ways of using the package are measured.
 */
import { createRequire } from 'node:module';
import type * as AlawMulaw from 'alawmulaw';
import { machineLine, quantile } from '../lib/machine.js';
import { runPerPacket } from './per-packet.js';
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from '../../src/media/codecs/g711.js';
import { ULAW_TO_ALAW, transcodeG711 } from '../../src/media/codecs/g711-transcode.js';
import {
  alawDecodeSample,
  alawEncodeSample,
  ulawDecodeSample,
  ulawEncodeSample,
} from '../../src/media/codecs/g711-reference.js';

// Under plain Node the package resolves to its UMD build, whose named exports ESM cannot see: load it through require.
const { alaw, mulaw } = createRequire(import.meta.url)('alawmulaw') as typeof AlawMulaw;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FRAMES = arg('frames', 200_000);
const RUNS = arg('runs', 5);
const FRAME = 160;

// A second of "speech": harmonics of a wandering pitch under a syllable envelope, so every segment of the laws is hit.
const SOURCE_FRAMES = 50;
const source = new Int16Array(SOURCE_FRAMES * FRAME);
for (let i = 0; i < source.length; i++) {
  const t = i / 8000;
  const f0 = 120 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
  let v = 0;
  for (let h = 1; h <= 12; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
  source[i] = Math.round(12000 * v * (0.3 + 0.7 * Math.abs(Math.sin(2 * Math.PI * 3 * t))));
}
const sourceUlaw = new Uint8Array(source.length);
const sourceAlaw = new Uint8Array(source.length);
encodeUlaw(source, sourceUlaw);
encodeAlaw(source, sourceAlaw);

let sink = 0; // keeps results observable so the JIT cannot drop the work

type Step = (frameIndex: number) => void;

function time(step: Step): number {
  const start = process.hrtime.bigint();
  for (let f = 0; f < FRAMES; f++) step(f % SOURCE_FRAMES);
  return Number(process.hrtime.bigint() - start) / (FRAMES * FRAME);
}

function measure(step: Step): number {
  for (let f = 0; f < 20_000; f++) step(f % SOURCE_FRAMES); // warm up the JIT
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(time(step));
  return quantile(runs, 0.5);
}

const pcmOut = new Int16Array(FRAME);
const byteOut = new Uint8Array(FRAME);
const pcmFrame = (f: number): Int16Array => source.subarray(f * FRAME, (f + 1) * FRAME);
const ulawFrame = (f: number): Uint8Array => sourceUlaw.subarray(f * FRAME, (f + 1) * FRAME);
const alawFrame = (f: number): Uint8Array => sourceAlaw.subarray(f * FRAME, (f + 1) * FRAME);

const cases: Record<string, Record<string, Step>> = {
  'µ-law encode': {
    'ours: 64 KiB table': (f) => void encodeUlaw(pcmFrame(f), byteOut),
    'ours: segment formula': (f) => {
      const pcm = pcmFrame(f);
      for (let i = 0; i < FRAME; i++) byteOut[i] = ulawEncodeSample(pcm[i]!);
    },
    'alawmulaw.encodeSample into buffer': (f) => {
      const pcm = pcmFrame(f);
      for (let i = 0; i < FRAME; i++) byteOut[i] = mulaw.encodeSample(pcm[i]!);
    },
    'alawmulaw.encode (allocates)': (f) => void (sink += mulaw.encode(pcmFrame(f))[7]!),
  },
  'µ-law decode': {
    'ours: 256 table': (f) => void decodeUlaw(ulawFrame(f), pcmOut),
    'ours: segment formula': (f) => {
      const bytes = ulawFrame(f);
      for (let i = 0; i < FRAME; i++) pcmOut[i] = ulawDecodeSample(bytes[i]!);
    },
    'alawmulaw.decodeSample into buffer': (f) => {
      const bytes = ulawFrame(f);
      for (let i = 0; i < FRAME; i++) pcmOut[i] = mulaw.decodeSample(bytes[i]!);
    },
    'alawmulaw.decode (allocates)': (f) => void (sink += mulaw.decode(ulawFrame(f))[7]!),
  },
  'A-law encode': {
    'ours: 64 KiB table': (f) => void encodeAlaw(pcmFrame(f), byteOut),
    'ours: segment formula': (f) => {
      const pcm = pcmFrame(f);
      for (let i = 0; i < FRAME; i++) byteOut[i] = alawEncodeSample(pcm[i]!);
    },
    'alawmulaw.encodeSample into buffer': (f) => {
      const pcm = pcmFrame(f);
      for (let i = 0; i < FRAME; i++) byteOut[i] = alaw.encodeSample(pcm[i]!);
    },
    'alawmulaw.encode (allocates)': (f) => void (sink += alaw.encode(pcmFrame(f))[7]!),
  },
  'A-law decode': {
    'ours: 256 table': (f) => void decodeAlaw(alawFrame(f), pcmOut),
    'ours: segment formula': (f) => {
      const bytes = alawFrame(f);
      for (let i = 0; i < FRAME; i++) pcmOut[i] = alawDecodeSample(bytes[i]!);
    },
    'alawmulaw.decodeSample into buffer': (f) => {
      const bytes = alawFrame(f);
      for (let i = 0; i < FRAME; i++) pcmOut[i] = alaw.decodeSample(bytes[i]!);
    },
    'alawmulaw.decode (allocates)': (f) => void (sink += alaw.decode(alawFrame(f))[7]!),
  },
  'PCMU → PCMA transcode': {
    'ours: 256 table': (f) => void transcodeG711(ULAW_TO_ALAW, ulawFrame(f), byteOut),
    'decode + encode via alawmulaw': (f) => {
      const bytes = ulawFrame(f);
      for (let i = 0; i < FRAME; i++) byteOut[i] = alaw.encodeSample(mulaw.decodeSample(bytes[i]!));
    },
  },
};

console.log(machineLine());
console.log(`G.711 codec benchmark: ${FRAMES} frames of ${FRAME} samples per run, median of ${RUNS} runs`);
for (const [operation, contenders] of Object.entries(cases)) {
  console.log(`\n${operation}`);
  const results: [string, number][] = [];
  for (const [name, step] of Object.entries(contenders)) results.push([name, measure(step)]);
  const best = Math.min(...results.map(([, ns]) => ns));
  for (const [name, ns] of results) {
    const frameUs = (ns * FRAME) / 1000;
    const marker = ns === best ? '  <- fastest' : `  ${(ns / best).toFixed(1)}x slower`;
    console.log(`  ${name.padEnd(38)} ${ns.toFixed(2).padStart(7)} ns/sample  ${frameUs.toFixed(3)} µs/frame${marker}`);
  }
}
runPerPacket(RUNS);
console.log(`\n(sink ${sink & 1})`);
