/**
 * Doubles for the player tests: a leg that records what was set on it, a loader and a TTS service answered by
 * hand, and an event log.
 */
import type { SynthesizedAudio, VoiceInput } from '../../tts/index.js';
import type { FrameOutput, FrameSource } from '../audio-frame.js';
import { FRAME_SAMPLES } from '../audio-frame.js';
import type { Player } from './player.js';

export class FakeLeg implements FrameOutput {
  source: FrameSource | null = null;
  sets = 0;
  setSource(source: FrameSource | null): void {
    this.source = source;
    this.sets++;
  }

  /** Pulls one tick; returns a copy of the frame and what read() said. */
  tick(): { frame: Int16Array; more: boolean } {
    const frame = new Int16Array(FRAME_SAMPLES).fill(-1);
    const more = this.source ? this.source.read(frame) : false;
    return { frame, more };
  }

  /** The first sample of each of the next `n` ticks (our test prompts are ramps: the sample says where it is). */
  firstSamples(n: number): number[] {
    return Array.from({ length: n }, () => this.tick().frame[0]!);
  }
}

interface Pending<T> {
  readonly key: string;
  readonly signal: AbortSignal | undefined;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Loads and syntheses that wait until the test settles them. */
export class ManualService<T> {
  readonly pending: Pending<T>[] = [];
  calls = 0;

  request(key: string, signal: AbortSignal | undefined): Promise<T> {
    this.calls++;
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ key, signal, resolve, reject });
    });
  }

  take(key?: string): Pending<T> {
    const i = key === undefined ? 0 : this.pending.findIndex((p) => p.key === key);
    if (i < 0 || !this.pending[i]) throw new Error(`nothing pending for ${key ?? 'any key'}`);
    return this.pending.splice(i, 1)[0]!;
  }
}

export class ManualLoader extends ManualService<Int16Array> {
  load(ref: string, signal?: AbortSignal): Promise<Int16Array> {
    return this.request(ref, signal);
  }
}

export class ManualTts extends ManualService<SynthesizedAudio> {
  synthesize(text: string, _voice: VoiceInput, signal?: AbortSignal): Promise<SynthesizedAudio> {
    return this.request(text, signal);
  }
}

export type LoggedEvent = [string, number, string?];

/** Records every event as [name, playback id, failure reason?]. */
export function eventLog(player: Player): LoggedEvent[] {
  const log: LoggedEvent[] = [];
  player.on('started', (e) => log.push(['started', e.playback.id]));
  player.on('finished', (e) => log.push(['finished', e.playback.id]));
  player.on('failed', (e) => log.push(['failed', e.playback.id, e.failure.reason]));
  return log;
}
