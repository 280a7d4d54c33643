import { createHash, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { AcdService } from './acd/acd-service.js';
import { buildApi } from './api/build-api.js';
import { UnknownRuleError, type ScenarioStarter } from './api/scenario-starter.js';
import type { LoadedConfig } from './config/load-config.js';
import { systemClock, type Clock } from './lib/clock.js';
import { systemRng, type Rng } from './lib/rng.js';
import { loadStartupSecrets } from './startup-secrets.js';
import { UnknownScenarioRuleError } from './scenario/host/scenario-host.js';
import { openStore } from './store/index.js';
import { startTelephonyNode, type TelephonyNode } from './voice-node.js';

export interface RunningServer {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  url: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  adminTokenFile: string | null;
  acd: AcdService;
  logger: Logger;
  /** The SIP addresses bound (transport, address, port). */
  sip: ReadonlyArray<{ transport: string; address: string; port: number }>;
  voice: TelephonyNode;
  close(): Promise<void>;
}

export interface ServerOptions {
  clock?: Clock;
  rng?: Rng;
  logger?: Logger;
}

/**
 * The composition root: builds every part from the frozen config, wires the ports, and starts listening. Order
 * matters: the store is migrated and the ACD restored (with the restart rules applied and committed) before the
 * HTTP server accepts its first request.
 */
export async function startServer(config: LoadedConfig, options: ServerOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const rng = options.rng ?? systemRng;
  const logger = options.logger ?? pino({ level: config.server.logLevel, base: { service: 'holdless' } });
  for (const w of config.warnings) logger.warn(w);

  const secrets = loadStartupSecrets(config.server.dataDir, config.api.adminToken);
  const store = await openStore({
    kind: 'sqlite',
    file: config.database.sqlite.file,
    synchronous: config.database.sqlite.synchronous,
  });
  let acd: AcdService;
  try {
    acd = await AcdService.open(
      {
        store,
        clock,
        newId: () => rng.uuid(),
        logger: logger.child({ component: 'acd' }),
        // With phones required, nobody takes calls until their phone registers (the ACD glue reports it).
        operatorsStartReachable: !config.sip.requireRegistration,
      },
      {
        queues: config.queues.map((q) => ({ name: q.name, title: q.title, settings: structuredClone(q.settings) })),
        operators: config.operators.map((o) => ({
          username: o.username,
          displayName: o.displayName,
          queues: o.queues.map((b) => ({ ...b })),
        })),
      },
    );
  } catch (err) {
    await store.close();
    throw err;
  }

  let voice: TelephonyNode;
  try {
    voice = await startVoice(config, { clock, rng, logger, acd });
  } catch (err) {
    await acd.close();
    await store.close();
    throw err;
  }
  const scenarios: ScenarioStarter = {
    rules: () => voice.host.rules(),
    start: async (rule, customData) => {
      try {
        return await voice.host.start(rule, customData);
      } catch (err) {
        if (err instanceof UnknownScenarioRuleError) throw new UnknownRuleError(rule, { cause: err });
        throw err;
      }
    },
  };

  const passwords = new Map(config.operators.map((o) => [o.username, digest(o.password)]));
  const api = buildApi({
    acd,
    auth: {
      adminToken: secrets.adminToken,
      tokenSecret: secrets.tokenSecret,
      verifyOperatorPassword(username, password) {
        const expected = passwords.get(username);
        // Compare digests in constant time; an unknown user costs the same as a wrong password.
        const given = digest(password);
        return expected !== undefined && timingSafeEqual(expected, given);
      },
    },
    clock,
    rng,
    logger: logger.child({ component: 'http' }),
    phone: {
      defaultRegion: config.api.defaultRegion,
      allowedPrefixes: config.api.allowedCallbackPrefixes ? [...config.api.allowedCallbackPrefixes] : undefined,
    },
    rateLimits: { ...config.api.rateLimits },
    scenarios,
  });

  try {
    await api.listen({ host: config.server.http.host, port: config.server.http.port });
  } catch (err) {
    await voice.close();
    await acd.close();
    await store.close();
    throw err;
  }
  const address = api.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.http.port;
  const host = config.server.http.host.includes(':') ? `[${config.server.http.host}]` : config.server.http.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    adminToken: secrets.adminToken,
    adminTokenGenerated: secrets.adminTokenGenerated,
    adminTokenFile: secrets.adminTokenFile,
    acd,
    logger,
    sip: voice.sipListening,
    voice,
    close() {
      closing ??= (async () => {
        await api.close();
        await voice.close();
        await acd.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/** The voice side from the config: SIP (trunks, operators' phones), media, scenarios and the ACD glue. */
function startVoice(config: LoadedConfig, deps: { clock: Clock; rng: Rng; logger: Logger; acd: AcdService }): Promise<TelephonyNode> {
  const s = config.scenarios;
  return startTelephonyNode({
    clock: deps.clock,
    rng: deps.rng,
    logger: deps.logger,
    acd: deps.acd,
    sip: {
      listen: config.sip.listen.map((l) => ({ ...l })),
      realm: config.sip.realm,
      digestAlgorithms: [...config.sip.digestAlgorithms],
      passwords: new Map(config.operators.map((o) => [o.username, o.password])),
      trunks: config.trunks.map((t) => ({
        name: t.name,
        address: t.address,
        allowedSources: [...t.allowedSources],
        username: t.username,
        password: t.password,
        callerId: t.callerId,
      })),
      keepAliveSeconds: config.sip.keepAliveSeconds,
      requireRegistration: config.sip.requireRegistration,
    },
    media: {
      host: config.media.rtpHost,
      ports: { ...config.media.rtpPorts },
      mediaTimeoutMs: config.media.mediaTimeoutSeconds * 1000,
      workers: config.media.workers,
      holdMusic: config.media.holdMusic,
      cacheDir: join(config.server.dataDir, 'media-cache'),
    },
    tts: {
      voices: { ...config.tts.voices },
      command:
        config.tts.engine === 'command' && config.tts.command
          ? {
              program: config.tts.command.program,
              args: [...config.tts.command.args],
              voices: { ...config.tts.command.voices },
              timeoutMs: config.tts.command.timeoutSeconds * 1000,
            }
          : undefined,
      cacheDir: join(config.server.dataDir, 'tts-cache'),
    },
    rules: config.rules.map((r, i) => ({ id: i + 1, name: r.name, pattern: r.pattern !== undefined ? new RegExp(r.pattern) : undefined, scenario: r.scenario })),
    lifetime: {
      unansweredCallMs: s.unansweredCallSeconds * 1000,
      idleMs: s.idleSessionSeconds * 1000,
      pendingRequestMs: s.pendingRequestMinutes * 60_000,
    },
    limits: { memoryMb: s.memoryMb, handlerTimeoutMs: s.handlerTimeoutMs, maxTimers: s.maxTimers },
    scenarioWorkers: s.workers,
    whisper: 'Please wait, connecting you to the customer.',
  });
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
