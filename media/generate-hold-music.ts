/**
 * Generates `media/hold-music.wav`, holdless's own hold music: 40 s of a calm chord progression, made from nothing
 * but sines, so it is ours to give away (CC0, see README.md). Run: `npx tsx media/generate-hold-music.ts`.
 *
 * Music: 96 BPM (a beat is exactly 5,000 samples at 8 kHz), 16 bars of 4/4 in C major, two bars per chord:
 *   Cmaj7 · Am7 · Dm7 · G7sus4 | Fmaj7 · Em7 · Dm7 · G7  → back to Cmaj7
 * Voices: a soft detuned pad holding the chord, a bass on the root (octave 3: telephones cut below ~300 Hz, so its
 * second and third harmonics carry it), a quiet eighth-note arpeggio, and a slow melody with a little vibrato.
 *
 * Telephone-friendly: 8 kHz mono 16-bit (what G.711 plays, no resampling at run time); every partial below 3.4 kHz
 * (nothing aliases, nothing is cut by the codec's band); peak at −6 dBFS.
 *
 * Loops cleanly: the piece is rendered into a circular buffer exactly 16 bars long, so the tails of the last notes
 * (the G7's release, the last arpeggio notes) fold onto the start. The file is periodic: the sample after the last
 * is the first, with no click and no gap, and 40 s is a whole number of 20 ms frames.
 *
 * Deterministic: no randomness, so re-running gives the identical file (the tests check that).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeWav } from '../src/media/audio/wav-writer.js';

export const HOLD_MUSIC_RATE = 8000;
const BEAT = 5000; // samples: 96 BPM at 8 kHz
const BAR = 4 * BEAT;
const BARS = 16;
export const HOLD_MUSIC_SAMPLES = BARS * BAR; // 320,000 = 40 s
const NYQUIST_GUARD = 3400;

/** MIDI note number → Hz (A4 = 69 = 440 Hz). */
const hz = (note: number): number => 440 * 2 ** ((note - 69) / 12);

/** Chords as MIDI notes (root first), one per two bars. */
const CHORDS: readonly (readonly number[])[] = [
  [48, 52, 55, 59], // Cmaj7
  [45, 48, 52, 55], // Am7
  [50, 53, 57, 60], // Dm7
  [43, 48, 50, 53], // G7sus4
  [41, 45, 48, 52], // Fmaj7
  [40, 43, 47, 50], // Em7
  [50, 53, 57, 60], // Dm7
  [43, 47, 50, 53], // G7
];

/** Melody: [MIDI note or null for a rest, length in beats], bar after bar (four beats each). */
const MELODY: readonly (readonly [number | null, number])[] = [
  [76, 2], [74, 1], [72, 1], [71, 3], [67, 1], // Cmaj7
  [69, 2], [72, 1], [76, 1], [79, 3], [76, 1], // Am7
  [77, 2], [76, 1], [74, 1], [69, 3], [72, 1], // Dm7
  [74, 2], [72, 2], [71, 3], [null, 1], // G7sus4
  [69, 2], [72, 1], [76, 1], [77, 3], [76, 1], // Fmaj7
  [74, 2], [71, 1], [67, 1], [76, 4], // Em7
  [77, 2], [81, 1], [77, 1], [76, 2], [74, 2], // Dm7
  [74, 2], [71, 1], [67, 1], [71, 2], [74, 2], // G7 → E5 at the top of the loop
];

interface Note {
  readonly start: number; // sample
  readonly length: number; // samples the note is held
  readonly frequency: number;
  readonly level: number;
  /** Relative amplitudes of harmonics 1, 2, 3, ... (those above NYQUIST_GUARD are dropped). */
  readonly harmonics: readonly number[];
  readonly attack: number; // samples
  readonly release: number; // samples
  /** Exponential decay while held, per second (0: sustained). */
  readonly decay: number;
  readonly detuneHz?: number;
  readonly vibrato?: number; // relative depth at 5 Hz
}

/** Adds one note into the circular buffer (samples past the end wrap to the start). */
function render(out: Float64Array, n: Note): void {
  const total = n.length + n.release;
  const voices = n.detuneHz ? [-n.detuneHz, n.detuneHz] : [0];
  for (const detune of voices) {
    const f = n.frequency + detune;
    const partials = n.harmonics.map((a, i) => ({ a, k: i + 1 })).filter(({ k }) => f * k < NYQUIST_GUARD);
    let phase = 0;
    for (let i = 0; i < total; i++) {
      const t = i / HOLD_MUSIC_RATE;
      const vib = n.vibrato ? 1 + n.vibrato * Math.sin(2 * Math.PI * 5 * t) * Math.min(1, t / 0.4) : 1;
      phase += (2 * Math.PI * f * vib) / HOLD_MUSIC_RATE;
      let env = i < n.attack ? 0.5 - 0.5 * Math.cos((Math.PI * i) / n.attack) : 1;
      env *= Math.exp(-n.decay * t);
      if (i >= n.length) env *= 0.5 + 0.5 * Math.cos((Math.PI * (i - n.length)) / n.release);
      let v = 0;
      for (const { a, k } of partials) v += a * Math.sin(k * phase);
      out[(n.start + i) % out.length]! += (n.level / voices.length) * env * v;
    }
  }
}

/** The whole loop as 8 kHz 16-bit PCM. */
export function renderHoldMusic(): Int16Array {
  const mix = new Float64Array(HOLD_MUSIC_SAMPLES);
  CHORDS.forEach((chord, c) => {
    const start = c * 2 * BAR;
    // Pad: the chord an octave up, slow swell, overlapping the next chord by its release.
    for (const note of chord.slice(1)) {
      render(mix, { start, length: 2 * BAR, frequency: hz(note + 12), level: 0.11, harmonics: [1, 0.25, 0.08], attack: 6000, release: 6000, decay: 0, detuneHz: 0.35 });
    }
    // Bass: the root in octave 3 on beats 1 and 3, with harmonics that a phone can play.
    for (let b = 0; b < 4; b++) {
      render(mix, { start: start + b * 2 * BEAT, length: 2 * BEAT - 600, frequency: hz(chord[0]! + 12), level: 0.16, harmonics: [1, 0.6, 0.35, 0.15], attack: 120, release: 1500, decay: 0.6 });
    }
    // Arpeggio: eighth notes up and down the chord, two octaves up, soft plucks.
    const pattern = [1, 2, 3, 2, 1, 2, 3, 2];
    for (let e = 0; e < 16; e++) {
      const note = chord[pattern[e % 8]!]! + 24;
      render(mix, { start: start + e * (BEAT / 2), length: BEAT / 2, frequency: hz(note), level: 0.05, harmonics: [1, 0, 0.11, 0, 0.04], attack: 40, release: 1800, decay: 3 });
    }
  });
  // Melody.
  let at = 0;
  for (const [note, beats] of MELODY) {
    if (note !== null) {
      render(mix, { start: at, length: beats * BEAT - 300, frequency: hz(note), level: 0.16, harmonics: [1, 0.18, 0.05], attack: 250, release: 2400, decay: 0.35, vibrato: 0.003 });
    }
    at += beats * BEAT;
  }
  if (at !== HOLD_MUSIC_SAMPLES) throw new Error(`melody is ${at} samples, the loop ${HOLD_MUSIC_SAMPLES}`);
  let peak = 0;
  for (const v of mix) peak = Math.max(peak, Math.abs(v));
  const scale = (0.5 * 32767) / peak; // −6 dBFS
  return Int16Array.from(mix, (v) => Math.round(v * scale));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = fileURLToPath(new URL('./hold-music.wav', import.meta.url));
  const pcm = renderHoldMusic();
  writeFileSync(out, writeWav(pcm, HOLD_MUSIC_RATE));
  console.log(`wrote ${out}: ${(pcm.length / HOLD_MUSIC_RATE).toFixed(1)} s, ${pcm.length * 2 + 44} bytes`);
}
