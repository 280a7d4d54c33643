/**
 * Deterministic test signals for the media tests: seeded noise, sines, and a speech-like synthetic voice (a harmonic
 * series with wandering pitch, shaped by moving vowel formants, under a syllable envelope) for checks that speech must
 * not be mistaken for DTMF and that received audio is "speech-like".
 */

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian white noise with the given RMS. */
export function whiteNoise(length: number, rmsLevel: number, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    out[i] = r * Math.cos(theta) * rmsLevel;
    if (i + 1 < length) out[i + 1] = r * Math.sin(theta) * rmsLevel;
  }
  return out;
}

export function sine(frequency: number, length: number, amplitude: number, sampleRate: number, phase = 0): Float32Array {
  return Float32Array.from({ length }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase));
}

/** Adds noise at `snrDb` below the signal's own power; returns new 16-bit PCM. */
export function addNoise(pcm: Int16Array, snrDb: number, seed = 7, signalRms?: number): Int16Array {
  let power = 0;
  for (const s of pcm) power += s * s;
  const level = (signalRms ?? Math.sqrt(power / pcm.length)) / 10 ** (snrDb / 20);
  const noise = whiteNoise(pcm.length, level, seed);
  return Int16Array.from(pcm, (s, i) => Math.max(-32768, Math.min(32767, Math.round(s + noise[i]!))));
}

/** Formant frequencies (F1, F2, F3) of vowels, adult male averages (Peterson & Barney 1952). */
export const VOWELS: Record<string, [number, number, number]> = {
  a: [730, 1090, 2440],
  e: [530, 1840, 2480],
  i: [270, 2290, 3010],
  o: [570, 840, 2410],
  u: [300, 870, 2240],
};

export interface SpeechOptions {
  seed?: number;
  /** Pitch range in Hz (default 90-220). */
  f0Low?: number;
  f0High?: number;
  /** Vowel sequence, one per syllable (default cycles through all). */
  vowels?: string[];
  /** Syllables per second (default 4). */
  syllableRate?: number;
  /** Peak level of the output (default 12000). */
  peak?: number;
  sampleRate?: number;
}

/** `durationMs` of a synthetic voice, 16-bit PCM. */
export function syntheticSpeech(durationMs: number, options: SpeechOptions = {}): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const random = seededRandom(options.seed ?? 3);
  const f0Low = options.f0Low ?? 90;
  const f0High = options.f0High ?? 220;
  const vowels = options.vowels ?? Object.keys(VOWELS);
  const syllableSamples = Math.round(rate / (options.syllableRate ?? 4));
  const n = Math.round((durationMs * rate) / 1000);
  const raw = new Float64Array(n);
  let phase = 0;
  let contour = random();
  for (let i = 0; i < n; i++) {
    const syllable = Math.floor(i / syllableSamples);
    const within = (i % syllableSamples) / syllableSamples;
    if (i % syllableSamples === 0) contour = random();
    // Pitch: a per-syllable target, a falling declination inside the syllable, and a 5 Hz vibrato.
    const f0 = f0Low + (f0High - f0Low) * (0.2 + 0.6 * contour) * (1.1 - 0.2 * within) * (1 + 0.02 * Math.sin((2 * Math.PI * 5 * i) / rate));
    phase += (2 * Math.PI * f0) / rate;
    // Formants glide from this syllable's vowel to the next one's.
    const v1 = VOWELS[vowels[syllable % vowels.length]!]!;
    const v2 = VOWELS[vowels[(syllable + 1) % vowels.length]!]!;
    const glide = Math.max(0, (within - 0.6) / 0.4);
    const formants = v1.map((f, k) => f + (v2[k]! - f) * glide);
    let v = 0;
    for (let h = 1; h * f0 < rate / 2 - 200; h++) {
      const fh = h * f0;
      let gain = 0;
      formants.forEach((F, k) => {
        const bandwidth = 60 + 40 * k;
        gain += (1 / (1 + ((fh - F) / bandwidth) ** 2)) * (k === 0 ? 1 : 0.6 / k);
      });
      v += (gain / Math.sqrt(h)) * Math.sin(h * phase);
    }
    // Syllable envelope: voiced nucleus, quiet consonant gap.
    const envelope = Math.sin(Math.PI * Math.min(1, within / 0.85)) ** 2;
    raw[i] = v * envelope + 0.01 * (random() - 0.5);
  }
  let peak = 0;
  for (const x of raw) peak = Math.max(peak, Math.abs(x));
  const scale = (options.peak ?? 12000) / (peak || 1);
  return Int16Array.from(raw, (x) => Math.round(x * scale));
}
