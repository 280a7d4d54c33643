import { readFileSync } from 'node:fs';
import { ConfigError } from './config/config-error.js';
import { loadConfig, type LoadedConfig } from './config/load-config.js';
import { startServer, type RunningServer } from './server.js';

const USAGE = `holdless: a self-hosted call-queue server with callback

Usage:
  holdless start [--config FILE]   run the server (without --config: the bundled demo config)
  holdless check [--config FILE]   validate a config file and exit
  holdless --version | --help

Environment: HOLDLESS_CONFIG, HOLDLESS_DATA_DIR, HOLDLESS_HTTP_HOST, HOLDLESS_HTTP_PORT, HOLDLESS_SIP_PORT,
HOLDLESS_API_TOKEN, HOLDLESS_DATABASE_URL, HOLDLESS_LOG_LEVEL (see docs/configuration.md).
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function summary(config: LoadedConfig, server: RunningServer): string {
  const lines = [
    '',
    `holdless ${version()} is running${config.demo ? ' with the demo config (config/demo.yaml)' : ` with ${config.source}`}`,
    `  web and API   ${server.url}/`,
    `  REST API      ${server.url}/api/v1  (OpenAPI: ${server.url}/api/v1/openapi.json)`,
    `  live events   ${server.url}/api/v1/events`,
    `  SIP           ${server.sip.map((l) => `${l.transport} ${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`).join(', ')}`,
    `  data          ${config.database.sqlite.file}`,
    server.adminTokenFile
      ? `  admin token   ${server.adminToken}${server.adminTokenGenerated ? '  (generated now, ' : '  ('}kept in ${server.adminTokenFile})`
      : '  admin token   as configured (api.adminToken / HOLDLESS_API_TOKEN)',
  ];
  if (config.demo) {
    lines.push('  operators     ' + config.operators.map((o) => `${o.username} / ${o.password}`).join(', '));
    lines.push(`  try it        curl -s ${server.url}/api/v1/queues -H 'Authorization: Bearer ${server.adminToken}'`);
  }
  lines.push('  stop          Ctrl+C', '');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'start';
  const rest = argv[0] === command ? argv.slice(1) : argv;
  if (argv.includes('--help') || argv.includes('-h') || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command !== 'start' && command !== 'check') {
    process.stderr.write(`holdless: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  let config: LoadedConfig;
  try {
    config = loadConfig({ argv: rest });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`holdless: the configuration is not valid:\n${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (command === 'check') {
    process.stdout.write(`${config.source}: OK (${config.queues.length} queues, ${config.operators.length} operators)\n`);
    return 0;
  }
  const server = await startServer(config);
  process.stdout.write(summary(config, server));
  // A fault in one call's code path must not end every other call: every change the ACD accepted is already durable,
  // so the error is logged loudly and the node keeps serving (PRODUCT.md: a crashing scenario never takes the server
  // down). Scenario code itself runs in isolates and cannot reach here.
  process.on('uncaughtException', (err) => server.logger.fatal({ err }, 'uncaught exception: a bug in holdless; the server keeps running'));
  process.on('unhandledRejection', (reason) => server.logger.error({ err: reason }, 'unhandled promise rejection: a bug in holdless'));
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      server.logger.info({ signal }, 'shutting down');
      server.close().then(resolve, (err: unknown) => {
        server.logger.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`holdless: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
