/**
 * Builds and starts the voice side of a node: the SIP user agent (trunks, registrar for operators' phones), the
 * media engine (one phased 20 ms clock, an RTP port range, players with TTS and the URL cache), call control, the
 * scenario host and the ACD glue. The composition root (src/server.ts) maps the config onto these options.
 */
import type { AcdService } from './acd/acd-service.js';
import type { Clock } from './lib/clock.js';
import type { Rng } from './lib/rng.js';
import { systemPacer } from './media/clock/system-pacer.js';
import { PhasedMediaClock } from './media/endpoint/phased-media-clock.js';
import { PortAllocator } from './media/endpoint/port-allocator.js';
import { MediaThreads } from './media/endpoint/threads/media-threads.js';
import { createPlayerServices } from './media/player/player-services.js';
import { AudioLoader } from './media/sources/audio-loader.js';
import type { SandboxLimits } from './scenario/sandbox/scenario-sandbox.js';
import type { SessionLifetime } from './scenario/session/session-lifetime.js';
import { ScenarioWorkers } from './scenario/worker/scenario-workers.js';
import type { TrunkDefinition } from './sip/trunk/trunk.js';
import { UserAgent } from './sip/ua/user-agent.js';
import { createTts, type TtsService } from './tts/index.js';
import { ScenarioHost, type ScenarioRule } from './scenario/host/scenario-host.js';
import { AcdGlue } from './telephony/acd-glue.js';
import { MediaKit } from './telephony/media-kit.js';
import { Telephony } from './telephony/telephony.js';

export interface TelephonyLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface TelephonyNodeOptions {
  clock: Clock;
  rng: Rng;
  logger: TelephonyLogger;
  acd: AcdService;
  sip: {
    listen: ReadonlyArray<{ transport: 'udp' | 'tcp'; host: string; port: number }>;
    realm: string;
    digestAlgorithms: ReadonlyArray<'SHA-256' | 'MD5'>;
    /** Operators' SIP credentials (digest), by username. */
    passwords: ReadonlyMap<string, string>;
    trunks: readonly TrunkDefinition[];
    keepAliveSeconds: number;
    requireRegistration: boolean;
  };
  media: {
    host: string;
    advertisedHost?: string | undefined;
    ports: { min: number; max: number };
    mediaTimeoutMs: number;
    /** Media worker threads (0: RTP on the main thread). */
    workers: number;
    holdMusic: string;
    /** Directory for downloaded audio (playback URLs). */
    cacheDir: string;
  };
  tts: {
    voices: Readonly<Record<string, string>>;
    /** An external speech program instead of the built-in espeak-ng (docs/tts.md). */
    command?: { program: string; args: readonly string[]; voices: Readonly<Record<string, string>>; timeoutMs: number } | undefined;
    /** Synthesized phrases kept on disk across restarts. */
    cacheDir: string;
  };
  rules: readonly ScenarioRule[];
  lifetime: Partial<SessionLifetime>;
  limits: Partial<SandboxLimits>;
  /** Scenario worker threads; 0 runs the sessions on the main thread. */
  scenarioWorkers?: number;
  whisper: string;
}

export interface TelephonyNode {
  ua: UserAgent;
  telephony: Telephony;
  host: ScenarioHost;
  /** The SIP addresses actually bound. */
  sipListening: ReadonlyArray<{ transport: string; address: string; port: number }>;
  close(): Promise<void>;
}

export async function startTelephonyNode(o: TelephonyNodeOptions): Promise<TelephonyNode> {
  const log = (component: string) => (fields: Record<string, unknown>, message: string) => o.logger.info({ component, ...fields }, message);
  const command = o.tts.command;
  const tts: TtsService = createTts({
    clock: o.clock,
    voices: o.tts.voices,
    cache: { dir: o.tts.cacheDir },
    ...(command
      ? {
          engine: 'command' as const,
          command: { command: command.program, args: command.args, timeoutMs: command.timeoutMs, clock: o.clock },
          commandVoices: command.voices,
        }
      : // Calls are 8 kHz G.711: espeak's workers resample, so speech costs the main thread (which paces RTP) nothing.
        { espeak: { outputRate: 8000 } }),
  });
  // Start the speech engine now (compiling espeak-ng's WASM and its worker threads takes a second or more), so the
  // first caller's announcement does not begin with that much silence.
  tts.synthesize('Ready.', undefined).catch((err: unknown) => o.logger.warn({ component: 'tts', err }, 'speech engine warm-up failed'));
  const players = createPlayerServices({
    clock: o.clock,
    loader: new AudioLoader({ clock: o.clock, cacheDir: o.media.cacheDir }),
    tts,
    onListenerError: (err) => o.logger.warn({ component: 'media', err }, 'a playback listener failed'),
  });
  // RTP on worker threads: the main thread keeps SIP, scenarios, the ACD and the store, and only moves the sources'
  // frames (prompts, speech, music) into each leg's shared-memory ring; a burst of call set-ups no longer delays packets.
  // Spare legs: a callback's customer INVITE leaves without waiting for a round trip to the worker.
  const threads = o.media.workers > 0 ? await MediaThreads.start({ threads: o.media.workers, ports: o.media.ports, host: o.media.host, spareLegs: 64 }) : undefined;
  const kit = new MediaKit({
    clock: new PhasedMediaClock(systemPacer),
    ports: new PortAllocator(o.media.ports),
    host: o.media.host,
    advertisedHost: o.media.advertisedHost,
    rng: o.rng,
    timers: o.clock,
    players,
    mediaTimeoutMs: o.media.mediaTimeoutMs,
    threads,
  });

  // The user agent needs the INVITE handler at start; call control needs the started user agent.
  const late: { host?: ScenarioHost; telephony?: Telephony } = {};
  const ua = await UserAgent.start({
    listen: o.sip.listen,
    clock: o.clock,
    rng: o.rng,
    logger: { debug: (obj, msg) => o.logger.debug({ component: 'sip', ...obj }, msg), warn: (obj, msg) => o.logger.warn({ component: 'sip', ...obj }, msg) },
    operators: {
      realm: o.sip.realm,
      algorithms: o.sip.digestAlgorithms,
      lookup: (username) => o.sip.passwords.get(username),
    },
    trunks: o.sip.trunks,
    keepAlive: o.sip.keepAliveSeconds > 0 ? { intervalSeconds: o.sip.keepAliveSeconds } : false,
    onInvite: (call) => {
      const { host, telephony } = late;
      if (!host || !telephony) return call.reject(503, 'Service Unavailable');
      try {
        host.inboundCall(telephony.inbound(call));
      } catch (err) {
        o.logger.warn({ component: 'telephony', err }, 'inbound call failed');
        call.reject(500, 'Server Internal Error');
      }
    },
  }).catch(async (err: unknown) => {
    await threads?.stop();
    await tts.close();
    throw err;
  });
  const telephony = new Telephony({ ua, kit, clock: o.clock, rng: o.rng, defaultTrunk: o.sip.trunks[0]?.name, log: log('telephony') });
  // Sessions on worker threads: a new call's isolate and its handlers (most of its CPU) leave the main thread.
  const scenarioWorkers =
    (o.scenarioWorkers ?? 0) > 0
      ? await ScenarioWorkers.start({
          threads: o.scenarioWorkers!,
          limits: o.limits,
          lifetime: o.lifetime,
          onWorkerExit: (why) => o.logger.warn({ component: 'scenario' }, `${why}: its sessions' calls were hung up; a new worker takes new calls`),
        }).catch(async (err: unknown) => {
          await ua.stop();
          await tts.close();
          await threads?.stop();
          throw err;
        })
      : undefined;
  const host = new ScenarioHost({
    telephony,
    acd: o.acd,
    clock: o.clock,
    rng: o.rng,
    rules: o.rules,
    lifetime: o.lifetime,
    limits: o.limits,
    mediaNames: { 'hold-music': o.media.holdMusic },
    log: log('scenario'),
    workers: scenarioWorkers,
  });
  late.host = host;
  late.telephony = telephony;
  const glue = new AcdGlue({
    acd: o.acd,
    telephony,
    host,
    ua,
    requireRegistration: o.sip.requireRegistration,
    whisper: o.whisper,
    log: log('acd-glue'),
  });
  try {
    await glue.start();
  } catch (err) {
    await ua.stop();
    await tts.close();
    await threads?.stop();
    await scenarioWorkers?.stop();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    ua,
    telephony,
    host,
    sipListening: ua.stack.listening.map((l) => ({ transport: l.transport, address: l.address, port: l.port })),
    close() {
      closing ??= (async () => {
        glue.stop();
        await host.terminateAll();
        telephony.hangupAll();
        await scenarioWorkers?.stop();
        await ua.stop();
        await tts.close();
        await threads?.stop();
      })();
      return closing;
    },
  };
}
