/**
 * In-band DTMF detection on decoded 8 kHz audio, for trunks that send key presses as tones instead of RFC 4733 events.
 *
 * Every 10 ms (80 samples) the detector looks at the last 205 samples (25.6 ms, the block length of the classic
 * Goertzel DTMF receiver), weighted by a Hann window, and measures the eight ITU-T Q.23 frequencies with the Goertzel
 * algorithm. The window matters: with a rectangular block a tone 1.5 % off frequency loses 6 dB in the 1633 Hz bin,
 * while Hann loses about 2 dB and still keeps neighbouring rows (73 Hz apart) 30 dB apart. The window holds digit d
 * when all of these hold:
 *   1. level: both tones are at least `minToneDbm0` (Q.24 receivers accept down to about −25 dBm0 per tone);
 *   2. twist: the high tone is at most 8 dB weaker ("normal" twist) or 4 dB stronger ("reverse" twist) than the low
 *      one (the Q.24 / EIA-464 limits);
 *   3. dominance: each tone beats every other tone of its group by `dominanceDb`, so one row and one column stand out;
 *   4. purity: the two tones carry at least `toneEnergyRatio` of the window's energy: speech and noise spread theirs;
 *   5. harmonics: the second harmonic of the column tone is 15 dB below it, and that of the row tone no stronger than
 *      the row tone (voices are harmonic series; DTMF is not). The row limit is loose because 2·697 ≈ 1394 Hz sits a
 *      bin from the 1336 Hz column tone (and 2·770 from 1477 Hz), whose leakage would otherwise reject real digits.
 * Checks 3, 4 and 5 each reject speech on their own; they are kept together as defence in depth.
 * A digit is reported once it has held for `minDurationMs` worth of consecutive windows, and a new digit, even the
 * same one, needs `minGapMs` without it first (the inter-digit pause), so a long press is one digit. Measured: tones
 * of 35 ms and more are always detected, 20 ms never (Q.24 asks for ≥ 40 ms accepted); ±1.5 % frequency deviation is
 * accepted and ±3.5 % rejected (Q.24). The event's `at` is the start of the first window that saw the tone.
 *
 * Cost: per 10 ms one windowed copy of 205 samples and two interleaved four-frequency Goertzel passes (plus two single
 * passes for the harmonics when the other checks pass), skipped altogether when the window's energy is below the
 * level floor.
 */
import { goertzelCoefficient, goertzelPower, goertzelPower4 } from '../audio/goertzel.js';
import { dbm0ToAmplitude } from '../audio/pcm.js';
import { COLUMN_FREQUENCIES, KEYPAD, ROW_FREQUENCIES, type DtmfDigit } from './dtmf-digit.js';
import type { DtmfEvent } from './dtmf-event.js';

export interface InbandDtmfDetectorOptions {
  minToneDbm0?: number;
  normalTwistDb?: number;
  reverseTwistDb?: number;
  dominanceDb?: number;
  toneEnergyRatio?: number;
  rowHarmonicDb?: number;
  columnHarmonicDb?: number;
  minDurationMs?: number;
  minGapMs?: number;
}

const SAMPLE_RATE = 8000;
const BLOCK = 205;
const HOP = 80;
const BLOCK_MS = (BLOCK * 1000) / SAMPLE_RATE;
const HOP_MS = (HOP * 1000) / SAMPLE_RATE;
const dbRatio = (db: number): number => 10 ** (db / 20);
const coefficients = (freqs: readonly number[]): Float64Array => Float64Array.from(freqs, (f) => goertzelCoefficient(f, SAMPLE_RATE));

/** Hann window: its wider main lobe tolerates off-frequency tones, its low side lobes keep neighbours apart. */
const HANN = Float32Array.from({ length: BLOCK }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / BLOCK));
const HANN_SUM = HANN.reduce((a, b) => a + b, 0);
const HANN_SQUARES = HANN.reduce((a, b) => a + b * b, 0);
const ROW_COEFFS = coefficients(ROW_FREQUENCIES);
const COLUMN_COEFFS = coefficients(COLUMN_FREQUENCIES);
const ROW_HARMONIC_COEFFS = coefficients(ROW_FREQUENCIES.map((f) => 2 * f));
const COLUMN_HARMONIC_COEFFS = coefficients(COLUMN_FREQUENCIES.map((f) => 2 * f));

export class InbandDtmfDetector {
  private readonly minAmplitude: number;
  private readonly normalTwist: number;
  private readonly reverseTwist: number;
  private readonly dominance: number;
  private readonly energyRatio: number;
  private readonly rowHarmonic: number;
  private readonly columnHarmonic: number;
  private readonly minHits: number;
  private readonly minMisses: number;
  private readonly ring = new Float32Array(BLOCK);
  private readonly window = new Float32Array(BLOCK);
  private readonly rowAmps = new Float64Array(4);
  private readonly columnAmps = new Float64Array(4);
  private write = 0;
  private sinceEvaluation = 0;
  private candidate: DtmfDigit | null = null;
  private candidateAt = 0;
  private hits = 0;
  private current: DtmfDigit | null = null;
  private misses = 0;
  private windowDigit: DtmfDigit | null = null;

  constructor(options: InbandDtmfDetectorOptions = {}) {
    this.minAmplitude = dbm0ToAmplitude(options.minToneDbm0 ?? -32);
    this.normalTwist = dbRatio(-(options.normalTwistDb ?? 8));
    this.reverseTwist = dbRatio(options.reverseTwistDb ?? 4);
    this.dominance = dbRatio(options.dominanceDb ?? 8);
    this.energyRatio = options.toneEnergyRatio ?? 0.6;
    this.rowHarmonic = dbRatio(-(options.rowHarmonicDb ?? 0));
    this.columnHarmonic = dbRatio(-(options.columnHarmonicDb ?? 15));
    this.minHits = Math.max(1, Math.ceil(((options.minDurationMs ?? 40) - BLOCK_MS) / HOP_MS) + 1);
    this.minMisses = Math.max(1, Math.ceil((options.minGapMs ?? 20) / HOP_MS));
  }

  /** True while the last window held a DTMF tone (a bridge can mute the frame so the peer does not hear it). */
  get tonePresent(): boolean {
    return this.windowDigit !== null;
  }

  /**
   * Feeds one frame of 8 kHz PCM whose first sample was taken at `atMs`. Returns a digit when one is recognised in
   * this frame (at most one per frame), else null.
   */
  process(frame: Int16Array, atMs: number): DtmfEvent | null {
    let event: DtmfEvent | null = null;
    const ring = this.ring;
    let i = 0;
    while (i < frame.length) {
      // Copy up to the next evaluation point in one tight loop.
      const n = Math.min(frame.length - i, HOP - this.sinceEvaluation);
      let write = this.write;
      for (let k = 0; k < n; k++) {
        ring[write] = frame[i + k]!;
        write = write === BLOCK - 1 ? 0 : write + 1;
      }
      this.write = write;
      this.sinceEvaluation += n;
      i += n;
      if (this.sinceEvaluation === HOP) {
        // The ring starts as silence, so the first windows already work: as if the stream began with a pause.
        this.sinceEvaluation = 0;
        const windowStartMs = atMs + ((i - BLOCK) * 1000) / SAMPLE_RATE;
        event = this.step(this.evaluate(), windowStartMs) ?? event;
      }
    }
    return event;
  }

  /**
   * Feeds a longer buffer (a decoded file, a test signal) in 20 ms steps and returns every digit found. `process`
   * returns at most one digit per call, which is safe for frames up to 40 ms: two digits are at least 50 ms apart.
   */
  processBuffer(pcm: Int16Array, atMs: number): DtmfEvent[] {
    const events: DtmfEvent[] = [];
    for (let start = 0; start < pcm.length; start += 160) {
      const event = this.process(pcm.subarray(start, Math.min(start + 160, pcm.length)), atMs + start / 8);
      if (event) events.push(event);
    }
    return events;
  }

  reset(): void {
    this.ring.fill(0);
    this.write = 0;
    this.sinceEvaluation = 0;
    this.candidate = null;
    this.hits = 0;
    this.current = null;
    this.misses = 0;
    this.windowDigit = null;
  }

  /** The debouncing state machine: hits build a candidate, misses end the current digit. */
  private step(digit: DtmfDigit | null, windowStartMs: number): DtmfEvent | null {
    this.windowDigit = digit;
    if (digit !== null && digit === this.current) {
      this.misses = 0;
      return null;
    }
    if (this.current !== null && ++this.misses >= this.minMisses) this.current = null;
    if (digit === null) {
      this.candidate = null;
      this.hits = 0;
      return null;
    }
    if (digit !== this.candidate) {
      this.candidate = digit;
      this.candidateAt = windowStartMs;
      this.hits = 0;
    }
    if (++this.hits >= this.minHits && this.current === null) {
      this.current = digit;
      this.misses = 0;
      return { digit, method: 'inband', at: this.candidateAt };
    }
    return null;
  }

  /** Checks 1-5 on the current window; the digit it holds, or null. */
  private evaluate(): DtmfDigit | null {
    const w = this.window;
    const ring = this.ring;
    const split = BLOCK - this.write; // the oldest sample sits at `write`
    let energy = 0;
    for (let i = 0; i < split; i++) {
      const x = ring[this.write + i]! * HANN[i]!;
      w[i] = x;
      energy += x * x;
    }
    for (let i = split; i < BLOCK; i++) {
      const x = ring[i - split]! * HANN[i]!;
      w[i] = x;
      energy += x * x;
    }
    // Two tones at the minimum amplitude carry A²·N of energy; below half of that nothing can pass check 1.
    if (energy < this.minAmplitude * this.minAmplitude * HANN_SQUARES * 0.5) return null;
    const row = this.strongest(ROW_COEFFS, this.rowAmps);
    const column = this.strongest(COLUMN_COEFFS, this.columnAmps);
    const r = this.rowAmps[row]!;
    const c = this.columnAmps[column]!;
    if (r < this.minAmplitude || c < this.minAmplitude) return null;
    if (c < r * this.normalTwist || c > r * this.reverseTwist) return null;
    for (let k = 0; k < 4; k++) {
      if (k !== row && this.rowAmps[k]! * this.dominance > r) return null;
      if (k !== column && this.columnAmps[k]! * this.dominance > c) return null;
    }
    // Power of a sine of amplitude A is A²/2 per sample.
    if (((r * r + c * c) / 2) * HANN_SQUARES < this.energyRatio * energy) return null;
    if (amplitude(w, ROW_HARMONIC_COEFFS[row]!) > r * this.rowHarmonic) return null;
    if (amplitude(w, COLUMN_HARMONIC_COEFFS[column]!) > c * this.columnHarmonic) return null;
    return KEYPAD[row]![column]!;
  }

  /** Fills `amps` with the amplitudes of the group's four tones; returns the index of the strongest. */
  private strongest(coeffs: Float64Array, amps: Float64Array): number {
    goertzelPower4(this.window, coeffs, amps, 0, BLOCK);
    let best = 0;
    for (let k = 0; k < 4; k++) {
      amps[k] = (2 * Math.sqrt(Math.max(0, amps[k]!))) / HANN_SUM;
      if (amps[k]! > amps[best]!) best = k;
    }
    return best;
  }
}

function amplitude(w: Float32Array, coefficient: number): number {
  return (2 * Math.sqrt(Math.max(0, goertzelPower(w, coefficient, 0, BLOCK)))) / HANN_SUM;
}
