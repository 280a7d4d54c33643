/**
 * Builds the TTS stack from settings (the composition root passes the parsed `tts:` config section):
 * engine (espeak-ng WASM by default, or an external command) → cache (memory, optional disk) → sentence splitter
 * (each sentence through the cache, so announcements that share sentences share audio) → voice resolver.
 */
import type { Clock } from '../lib/clock.js';
import { CachingTts } from './caching-tts.js';
import { SentenceTts } from './sentence-tts.js';
import type { CachingTtsOptions } from './caching-tts.js';
import type { CommandEngineOptions } from './command-engine.js';
import { CommandEngine } from './command-engine.js';
import { EspeakEngine } from './espeak-engine.js';
import type { EspeakEngineOptions } from './espeak-engine.js';
import { espeakCatalog } from './espeak-voices.js';
import type { TtsEngine } from './tts-engine.js';
import { TtsService } from './tts-service.js';
import type { VoiceCatalog } from './voice-resolver.js';
import { VoiceResolver } from './voice-resolver.js';

export interface TtsSettings {
  /** `espeak` (default): the bundled espeak-ng WASM. `command`: an external program, see `command`. */
  readonly engine?: 'espeak' | 'command';
  /** Voice overrides: language tag, `<tag>-female`/`-male`, Language name or VoiceList id, or `default` → voice. */
  readonly voices?: Readonly<Record<string, string>>;
  readonly espeak?: EspeakEngineOptions;
  /** Required when `engine` is `command`. */
  readonly command?: CommandEngineOptions;
  /**
   * Locale → voice of the command engine, used after overrides (e.g. `{ru: 'ru_RU-irina-medium.onnx'}` for Piper).
   * When the command is an espeak-ng binary (`CommandEngine.espeakNg`) the espeak table applies instead.
   */
  readonly commandVoices?: Readonly<Record<string, string>>;
  /** Cache in front of the engine. Default: 64 MiB in memory, no disk. `false` turns caching off. */
  readonly cache?: CachingTtsOptions | false;
  readonly clock?: Clock;
}

/** A catalog for a command engine from a locale → voice table (voices in the table are also accepted verbatim). */
export function tableCatalog(table: Readonly<Record<string, string>>): VoiceCatalog {
  const lower = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase().replace(/_/g, '-'), v]));
  const voices = new Set(lower.values());
  return {
    isEngineVoice: (name) => voices.has(name),
    voiceFor: (locale) => lower.get(locale) ?? lower.get(locale.split('-')[0]!),
    locales: () => [...lower.keys()],
    engineVoices: () => [...voices],
  };
}

export function createTts(settings: TtsSettings = {}): TtsService {
  let engine: TtsEngine;
  let catalog: VoiceCatalog = espeakCatalog;
  if (settings.engine === 'command') {
    if (!settings.command) throw new Error('tts.engine is "command" but tts.command is not set');
    engine = new CommandEngine({ ...(settings.clock ? { clock: settings.clock } : {}), ...settings.command });
    if (settings.commandVoices) catalog = tableCatalog(settings.commandVoices);
  } else {
    engine = new EspeakEngine({ ...(settings.clock ? { clock: settings.clock } : {}), ...settings.espeak });
  }
  if (settings.cache !== false) engine = new SentenceTts(new CachingTts(engine, settings.cache ?? {}));
  const resolver = new VoiceResolver({ catalog, ...(settings.voices ? { overrides: settings.voices } : {}) });
  return new TtsService(engine, resolver);
}
