import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandEngine } from './command-engine.js';
import { speechReport } from './test-support/speech-metrics.js';
import { TtsError } from './tts-error.js';

const ESPEAK = '/usr/bin/espeak-ng';
const haveEspeak = existsSync(ESPEAK);
const RU = 'Вы пятый в очереди. Оператор ответит вам менее чем через 4 минуты.';
const EN = 'You are number five in the queue. An operator will answer in less than four minutes.';

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TtsError);
    return (e as TtsError).reason;
  }
  throw new Error('expected a rejection');
}

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'holdless-cmd-engine-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(!haveEspeak)(
  `CommandEngine with the Debian espeak-ng binary (${haveEspeak ? ESPEAK : `skipped: ${ESPEAK} is not installed; apt-get install espeak-ng`})`,
  () => {
    it('speaks Russian and English prompts through a WAV file', async () => {
      const engine = CommandEngine.espeakNg(ESPEAK, { tmpDir: tmp });
      for (const [text, voice] of [
        [RU, 'ru+f3'],
        [EN, 'en-us+m3'],
      ] as const) {
        const audio = await engine.synthesize(text, voice);
        const r = speechReport(audio);
        expect(audio.sampleRate).toBe(22_050);
        expect(r.seconds).toBeGreaterThan(2);
        expect(r.seconds).toBeLessThan(9);
        expect(r.rms).toBeGreaterThan(0.02);
        expect(r.voiceBand).toBeGreaterThan(0.4);
        expect(r.active).toBeLessThan(0.98);
      }
      expect(await readdir(tmp)).toEqual([]); // every run's temporary directory is gone
    }, 60_000);

    it('reads the WAV from stdout when the arguments have no {out}', async () => {
      const engine = new CommandEngine({ command: ESPEAK, args: ['--stdout', '-v', '{voice}', '--stdin'] });
      const audio = await engine.synthesize('Вы пятый в очереди.', 'ru');
      expect(audio.sampleRate).toBe(22_050);
      expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(0.5);
    }, 60_000);

    it('passes the text on stdin, so a leading dash is spoken, not parsed', async () => {
      const engine = CommandEngine.espeakNg(ESPEAK);
      const audio = await engine.synthesize('--help -v xx', 'en-us');
      expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(0.5);
    }, 60_000);

    it("turns espeak-ng's 'voice does not exist' into unknown-voice", async () => {
      const lenient = CommandEngine.espeakNg(ESPEAK, { isVoice: () => true });
      expect(await reason(lenient.synthesize('hello', 'xx'))).toBe('unknown-voice');
      expect(await reason(CommandEngine.espeakNg(ESPEAK).synthesize('hello', 'xx'))).toBe('unknown-voice');
    }, 60_000);
  },
);

describe('CommandEngine with any program', () => {
  it('kills a run over the time limit (by PID) and rejects with timeout', async () => {
    const engine = new CommandEngine({ command: '/bin/sleep', args: ['30'], timeoutMs: 200 });
    const t0 = Date.now();
    expect(await reason(engine.synthesize('x', 'v'))).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 30_000);

  it('kills a run whose signal aborts', async () => {
    const engine = new CommandEngine({ command: '/bin/sleep', args: ['30'] });
    const c = new AbortController();
    const p = reason(engine.synthesize('x', 'v', c.signal));
    setTimeout(() => c.abort(), 100);
    expect(await p).toBe('aborted');
  }, 30_000);

  it('reports a non-zero exit as engine-failed with the end of stderr', async () => {
    const engine = new CommandEngine({ command: '/bin/sh', args: ['-c', 'echo "model {voice} missing" >&2; exit 3'] });
    await expect(engine.synthesize('x', 'piper-ru')).rejects.toThrow(/exit code 3.*model piper-ru missing/);
    expect(await reason(engine.synthesize('x', 'piper-ru'))).toBe('engine-failed');
  });

  it('reports a missing program, a run that writes no file, and garbage output as engine-failed', async () => {
    expect(await reason(new CommandEngine({ command: '/nonexistent/piper', args: ['{out}'] }).synthesize('x', 'v'))).toBe('engine-failed');
    expect(await reason(new CommandEngine({ command: '/bin/true', args: ['{out}'] }).synthesize('x', 'v'))).toBe('engine-failed');
    expect(await reason(new CommandEngine({ command: '/bin/cat', args: [] }).synthesize('not a wav', 'v'))).toBe('engine-failed');
  });

  it('refuses a voice that could pass for an option or has spaces, and over-long text', async () => {
    const engine = new CommandEngine({ command: '/bin/true', args: [], maxTextLength: 10 });
    expect(await reason(engine.synthesize('x', '--help'))).toBe('unknown-voice');
    expect(await reason(engine.synthesize('x', 'a b'))).toBe('unknown-voice');
    expect(await reason(engine.synthesize('x'.repeat(11), 'v'))).toBe('text-too-long');
  });

  it('runs at most maxConcurrent programs and rejects beyond maxQueue with queue-full', async () => {
    const engine = new CommandEngine({ command: '/bin/sleep', args: ['0.3'], maxConcurrent: 1, maxQueue: 1 });
    const running = reason(engine.synthesize('a', 'v'));
    const waiting = reason(engine.synthesize('b', 'v'));
    expect(await reason(engine.synthesize('c', 'v'))).toBe('queue-full');
    // sleep writes no WAV on stdout: both end as engine-failed, one after the other.
    expect(await running).toBe('engine-failed');
    expect(await waiting).toBe('engine-failed');
  }, 30_000);

  it('close() kills running programs, fails waiting ones and refuses new work', async () => {
    const engine = new CommandEngine({ command: '/bin/sleep', args: ['30'], maxConcurrent: 1 });
    const errorOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);
    const running = errorOf(engine.synthesize('x', 'v'));
    const waiting = errorOf(engine.synthesize('y', 'v'));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await engine.close();
    expect(await running).toMatchObject({ reason: 'engine-failed', message: 'command engine closed' });
    expect(await waiting).toMatchObject({ reason: 'engine-failed', message: 'command engine closed' });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await reason(engine.synthesize('x', 'v'))).toBe('engine-failed');
  }, 30_000);
});
