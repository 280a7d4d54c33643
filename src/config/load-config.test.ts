import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { QueueSettings } from '../acd/types.js';
import { defaultMediaWorkers, defaultScenarioWorkers } from './config-defaults.js';
import { ConfigError } from './config-error.js';
import { DEMO_CONFIG_FILE, SHIPPED_HOLD_MUSIC, loadConfig, parseConfigText } from './load-config.js';
import { loadText, packageRoot, problemsOf, touch, useTempDir } from './load-config.test-support.js';
import { defaultQueueSettings } from './queue-settings-schema.js';

const tempDir = useTempDir();
let dir = '';
beforeEach(() => {
  dir = tempDir(); // useTempDir's hook was registered first, so it has made the directory
});

function load(text: string, env: NodeJS.ProcessEnv = {}) {
  return loadText(dir, text, env);
}

/** The demo's scenarios are shipped in scenarios/ (written separately); the demo loads only once they are there. */
const DEMO_SCENARIOS = ['scenarios/callback-queue.js', 'scenarios/web-callback.js'];

/** The bundled demo, read from a copy in the temp dir (config/demo.yaml) next to stand-in scenarios and media. */
function loadDemoCopy(env: NodeJS.ProcessEnv = {}) {
  touch(dir, [...DEMO_SCENARIOS, 'media/hold-music.wav']);
  return parseConfigText(readFileSync(DEMO_CONFIG_FILE, 'utf8'), { file: join(dir, 'config', 'demo.yaml'), cwd: dir, env });
}

const minimal = `
queues:
  - name: MainQueue
operators:
  - username: alice
    password: secret-pass
    queues: [MainQueue]
`;

describe('loadConfig: sources', () => {
  it('loads the bundled demo when neither --config nor HOLDLESS_CONFIG is given', () => {
    const c = loadConfig({ argv: [], env: {}, cwd: dir });
    expect(c.demo).toBe(true);
    expect(c.source).toBe('demo');
    expect(c.configFile).toBe(DEMO_CONFIG_FILE);
    expect(DEMO_CONFIG_FILE).toBe(join(packageRoot, 'config', 'demo.yaml'));
    expect(c.server.dataDir).toBe(join(dir, 'data'));
    expect(c.database.sqlite.file).toBe(join(dir, 'data', 'holdless.sqlite'));
    expect(c.rules.map((r) => r.scenario)).toEqual(DEMO_SCENARIOS.map((f) => join(packageRoot, f)));
    expect(c.media.holdMusic).toBe(SHIPPED_HOLD_MUSIC);
  });

  it('the demo has MainQueue, alice and bob, a local trunk, two rules and HTTP on 127.0.0.1:8080', () => {
    const c = loadDemoCopy();
    expect(c.server.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.queues).toHaveLength(1);
    const q = c.queues[0]!;
    expect(q.name).toBe('MainQueue');
    expect(q.title).toBe('Main queue');
    expect(q.settings).toMatchObject({ averageServiceTime: 180, ringTimeout: 30, wrapUpTime: 10, serviceLevelSeconds: 20 });
    expect(q.settings.callback).toEqual(defaultQueueSettings.callback);
    const forTheEngine: QueueSettings = q.settings; // the ACD engine takes the frozen settings as they are
    expect(forTheEngine.taskCapacity).toEqual({ chat: 3, email: 5 });
    expect(q.settings.taskCapacity).toEqual({ chat: 3, email: 5 });
    expect(c.operators.map((o) => [o.username, o.password, o.displayName, o.queues])).toEqual([
      ['alice', 'alice-demo-pass', 'Alice Demo', [{ queue: 'MainQueue', skill: 80 }]],
      ['bob', 'bob-demo-pass', 'Bob Demo', [{ queue: 'MainQueue', skill: 50 }]],
    ]);
    expect(c.trunks[0]).toMatchObject({
      name: 'demo-trunk',
      host: '127.0.0.1',
      port: 5070,
      allowedSources: ['127.0.0.1'],
      callerId: '+15550100',
    });
    expect(c.sip.listen.map((l) => l.transport)).toEqual(['udp', 'tcp']);
    expect(c.sip.listen.every((l) => l.port === 5060)).toBe(true);
    expect(c.sip).toMatchObject({ realm: 'holdless', requireRegistration: true, keepAliveSeconds: 30 });
    expect(c.rules).toEqual([
      { name: 'inbound', pattern: '.*', scenario: join(dir, 'scenarios', 'callback-queue.js') },
      { name: 'web-callback', scenario: join(dir, 'scenarios', 'web-callback.js') },
    ]);
    expect(c.media).toEqual({
      holdMusic: join(dir, 'media', 'hold-music.wav'),
      rtpHost: '127.0.0.1',
      rtpPorts: { min: 20000, max: 29999 },
      mediaTimeoutSeconds: 60,
      workers: defaultMediaWorkers(),
    });
    expect(c.scenarios).toEqual({
      unansweredCallSeconds: 60,
      idleSessionSeconds: 60,
      pendingRequestMinutes: 120,
      memoryMb: 32,
      handlerTimeoutMs: 1000,
      maxTimers: 100,
      workers: defaultScenarioWorkers(),
    });
  });

  it("the demo's hold music is the shipped file", () => {
    expect(SHIPPED_HOLD_MUSIC).toBe(join(packageRoot, 'media', 'hold-music.wav'));
    expect(existsSync(SHIPPED_HOLD_MUSIC)).toBe(true);
    expect(readFileSync(DEMO_CONFIG_FILE, 'utf8')).toMatch(/^ {2}holdMusic: \.\.\/media\/hold-music\.wav$/m);
  });

  it('loads the production example (with the files it points at)', () => {
    copyFileSync(join(packageRoot, 'config', 'holdless.example.yaml'), join(dir, 'holdless.yaml'));
    touch(dir, ['scenarios/callback-queue.js', 'scenarios/web-callback.js', 'media/hold-music.wav']);
    const c = loadConfig({ argv: ['--config', 'holdless.yaml'], env: {}, cwd: dir });
    expect(c.demo).toBe(false);
    expect(c.source).toBe(join(dir, 'holdless.yaml'));
    expect(c.queues.map((q) => q.name)).toEqual(['MainQueue', 'Sales']);
    expect(c.queues[1]!.settings.callback.maxAttempts).toBe(5);
    expect(c.queues[1]!.settings.callback.retryPlacement).toBe('keep');
    expect(c.operators[1]!.queues).toEqual([{ queue: 'MainQueue', skill: 0 }]);
    expect(c.operators[1]!.displayName).toBe('bob');
    expect(c.rules[0]!.scenario).toBe(join(dir, 'scenarios/callback-queue.js'));
    expect(c.media.holdMusic).toBe(join(dir, 'media/hold-music.wav'));
    expect(c.api.defaultRegion).toBe('GB');
    expect(c.trunks[0]).toMatchObject({ address: '203.0.113.10:5060', host: '203.0.113.10', port: 5060 });
    expect(c.sip).toMatchObject({ publicAddress: 'sip.example.com', realm: 'holdless', keepAliveSeconds: 30 });
    expect(c.media).toMatchObject({ rtpHost: '192.0.2.20', rtpPorts: { min: 20000, max: 29999 }, mediaTimeoutSeconds: 60 });
    expect(c.scenarios.memoryMb).toBe(32);
  });

  it('takes the file from HOLDLESS_CONFIG, and --config over it', () => {
    writeFileSync(join(dir, 'a.yaml'), 'server: {logLevel: debug}\n');
    writeFileSync(join(dir, 'b.yaml'), 'server: {logLevel: warn}\n');
    expect(loadConfig({ argv: [], env: { HOLDLESS_CONFIG: 'a.yaml' }, cwd: dir }).server.logLevel).toBe('debug');
    expect(loadConfig({ argv: ['--config=b.yaml'], env: { HOLDLESS_CONFIG: 'a.yaml' }, cwd: dir }).server.logLevel).toBe(
      'warn',
    );
  });

  it('reports a missing file and a --config without a value', () => {
    expect(problemsOf(() => loadConfig({ argv: ['--config', 'nope.yaml'], env: {}, cwd: dir }))[0]).toBe(
      'nope.yaml: cannot read the config file named by --config: no such file',
    );
    expect(problemsOf(() => loadConfig({ argv: ['--config'], env: {}, cwd: dir }))[0]).toContain('--config: got nothing');
  });

  it('fills every default from an empty file', () => {
    const c = load('');
    expect(c.server).toEqual({ dataDir: join(dir, 'data'), http: { host: '127.0.0.1', port: 8080 }, logLevel: 'info' });
    expect(c.database.sqlite).toEqual({ file: join(dir, 'data', 'holdless.sqlite'), synchronous: 'full' });
    expect(c.api.rateLimits).toEqual({ callbacksPerClientPerMinute: 30, callbacksPerNumberPerHour: 5 });
    expect(c.sip.listen).toEqual([
      { transport: 'udp', host: '0.0.0.0', port: 5060 },
      { transport: 'tcp', host: '0.0.0.0', port: 5060 },
    ]);
    expect(c.tts).toEqual({ engine: 'espeak', voices: {} });
    expect([c.trunks, c.operators, c.queues, c.rules]).toEqual([[], [], [], []]);
    expect(c.sip).toEqual({
      listen: [
        { transport: 'udp', host: '0.0.0.0', port: 5060 },
        { transport: 'tcp', host: '0.0.0.0', port: 5060 },
      ],
      realm: 'holdless',
      requireRegistration: true,
      keepAliveSeconds: 30,
      digestAlgorithms: ['SHA-256', 'MD5'],
    });
    expect(c.media).toEqual({
      holdMusic: SHIPPED_HOLD_MUSIC,
      rtpHost: '127.0.0.1',
      rtpPorts: { min: 20000, max: 29999 },
      mediaTimeoutSeconds: 60,
      workers: defaultMediaWorkers(),
    });
    expect(c.scenarios).toEqual({
      unansweredCallSeconds: 60,
      idleSessionSeconds: 60,
      pendingRequestMinutes: 120,
      memoryMb: 32,
      handlerTimeoutMs: 1000,
      maxTimers: 100,
      workers: defaultScenarioWorkers(),
    });
  });

  it('splits a queue into name, title and settings, merging partial settings with the defaults', () => {
    const c = load('queues:\n  - name: Q\n    title: The Q\n    callback: {maxAttempts: 5}\n');
    expect(c.queues[0]).toEqual({
      name: 'Q',
      title: 'The Q',
      settings: { ...defaultQueueSettings, callback: { ...defaultQueueSettings.callback, maxAttempts: 5 } },
    });
  });

  it('resolves dataDir and sqlite.file against the working directory, rules against the config file', () => {
    mkdirSync(join(dir, 'conf', 'flows'), { recursive: true });
    writeFileSync(join(dir, 'conf', 'flows', 'main.js'), '');
    writeFileSync(
      join(dir, 'conf', 'holdless.yaml'),
      'server: {dataDir: state}\ndatabase: {sqlite: {file: db/x.sqlite}}\nrules: [{name: r, scenario: flows/main.js}]\n',
    );
    const c = loadConfig({ argv: ['--config', 'conf/holdless.yaml'], env: {}, cwd: dir });
    expect(c.server.dataDir).toBe(join(dir, 'state'));
    expect(c.database.sqlite.file).toBe(join(dir, 'db', 'x.sqlite'));
    expect(c.rules[0]!.scenario).toBe(join(dir, 'conf', 'flows', 'main.js'));
    expect(c.configDir).toBe(join(dir, 'conf'));
  });

  it('returns a deeply frozen object', () => {
    const c = load(minimal);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.server.http)).toBe(true);
    expect(Object.isFrozen(c.queues[0]!.settings.callback.retryDelaySeconds)).toBe(true);
    expect(Object.isFrozen(c.operators[0]!.queues[0])).toBe(true);
    expect(() => {
      (c.server.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('loadConfig: environment overrides', () => {
  it('applies every override', () => {
    const c = load(minimal, {
      HOLDLESS_DATA_DIR: '/srv/holdless',
      HOLDLESS_HTTP_HOST: '0.0.0.0',
      HOLDLESS_HTTP_PORT: '9090',
      HOLDLESS_SIP_PORT: '5080',
      HOLDLESS_LOG_LEVEL: 'debug',
      HOLDLESS_API_TOKEN: 'a-token-of-sixteen-chars',
    });
    expect(c.server).toEqual({ dataDir: '/srv/holdless', http: { host: '0.0.0.0', port: 9090 }, logLevel: 'debug' });
    expect(c.database.sqlite.file).toBe('/srv/holdless/holdless.sqlite');
    expect(c.sip.listen.map((l) => l.port)).toEqual([5080, 5080]);
    expect(c.api.adminToken).toBe('a-token-of-sixteen-chars');
  });

  it('treats an empty variable as unset', () => {
    expect(load(minimal, { HOLDLESS_HTTP_PORT: '' }).server.http.port).toBe(8080);
  });

  it('reports every bad value, naming the variable, together with the file problems', () => {
    const problems = problemsOf(() =>
      load('queues: [{name: Q, ringTimeout: 5}]\n', {
        HOLDLESS_HTTP_PORT: 'eighty',
        HOLDLESS_SIP_PORT: '70000',
        HOLDLESS_LOG_LEVEL: 'loud',
        HOLDLESS_API_TOKEN: 'short',
        HOLDLESS_HTTP_HOST: 'http://x',
      }),
    );
    expect(problems).toEqual([
      'holdless.yaml: queues[0].ringTimeout: got 5: expected a number from 10 to 400 (line 1)',
      'environment: HOLDLESS_HTTP_HOST (overrides server.http.host): got "http://x": expected a host name or IP address (no port, no scheme)',
      'environment: HOLDLESS_HTTP_PORT (overrides server.http.port): got "eighty": expected a port number (a whole number from 0 to 65535)',
      'environment: HOLDLESS_SIP_PORT (overrides sip.listen[*].port): got "70000": expected a port number (a whole number from 0 to 65535)',
      'environment: HOLDLESS_LOG_LEVEL (overrides server.logLevel): got "loud": expected one of fatal, error, warn, info, debug, trace, silent',
      'environment: HOLDLESS_API_TOKEN (overrides api.adminToken): got a hidden value of 5 characters: expected a token of at least 16 characters',
    ]);
  });

  it('rejects a postgres URL as not supported yet, from the file or the environment, hiding its password', () => {
    const fromEnv = problemsOf(() => load(minimal, { HOLDLESS_DATABASE_URL: 'postgres://u:pw@db/holdless' }));
    expect(fromEnv[0]).toContain('environment: HOLDLESS_DATABASE_URL');
    expect(fromEnv[0]).toContain('not supported yet');
    expect(fromEnv[0]).toContain('postgres://u:***@db/holdless');
    expect(fromEnv[0]).not.toContain('pw');
    const fromFile = problemsOf(() => load('database:\n  url: postgresql://db/holdless\n'));
    expect(fromFile[0]).toMatch(/^holdless\.yaml: database\.url: got "postgresql:\/\/db\/holdless": .*not supported yet/);
    expect(problemsOf(() => load('database: {url: "mysql://db"}\n'))[0]).toContain('expected a postgres:// or postgresql:// URL');
  });

  it('warns about unknown HOLDLESS_* variables, suggesting the closest', () => {
    const c = load(minimal, { HOLDLESS_HTTP_PROT: '1', HOLDLESS_SOMETHING_ELSE: 'x', PATH: '/bin' });
    expect(c.warnings).toEqual([
      'environment: HOLDLESS_HTTP_PROT is not a holdless variable; did you mean HOLDLESS_HTTP_PORT?',
      'environment: HOLDLESS_SOMETHING_ELSE is not a holdless variable',
    ]);
  });
});

describe('loadConfig: error messages', () => {
  // Each bad config → substrings of the problem lines it must produce.
  const table: [string, string, string[]][] = [
    ['range', 'queues: [{name: Q, ringTimeout: 5}]', ['holdless.yaml: queues[0].ringTimeout: got 5: expected a number from 10 to 400 (line 1)']],
    ['wrong type', 'server:\n  http:\n    port: "80a"\n', ['server.http.port: got "80a": expected a port number (a whole number from 0 to 65535) (line 3)']],
    ['unknown key with suggestion', 'queues:\n  - name: Q\n    ringTimout: 30\n', ['queues[0].ringTimout: unknown key; did you mean ringTimeout? (line 3)']],
    ['unknown nested key', 'queues: [{name: Q, callback: {maxAtempts: 2}}]', ['queues[0].callback.maxAtempts: unknown key; did you mean maxAttempts?']],
    ['unknown top-level key', 'operater: []', ['holdless.yaml: operater: unknown key; did you mean operators?']],
    ['unknown key, nothing close', 'server: {colour: red}', ['server.colour: unknown key; expected one of dataDir, http, logLevel']],
    ['missing required key', 'operators: [{username: a}]', ['operators[0].password: got nothing: expected a password of at least 6 characters']],
    ['short password, value hidden', 'operators: [{username: a, password: abc}]', ['operators[0].password: got a hidden value of 3 characters: expected a password of at least 6 characters']],
    ['bad name', 'queues: [{name: "Main Queue"}]', ['queues[0].name: got "Main Queue": expected a queue name (up to 64 letters, digits, ".", "_" or "-")']],
    ['enum', 'queues: [{name: Q, strategy: random}]', ['queues[0].strategy: got "random": expected one of "longest-idle", "round-robin", "fewest-handled", "skill-level-first"']],
    ['section of the wrong type', 'server: 8080', ['holdless.yaml: server: got 8080: expected a mapping (dataDir, http, logLevel)']],
    ['list of the wrong type', 'queues: MainQueue', ['holdless.yaml: queues: got "MainQueue": expected a list of queues']],
    ['whole file not a mapping', '- a\n- b\n', ['holdless.yaml: (top level): got ["a","b"]: expected a mapping of sections']],
    ['regex', 'rules: [{name: r, pattern: "(", scenario: x.js}]', ['rules[0].pattern: got "(": expected a valid regular expression (Invalid regular expression']],
    ['scenario not .js', 'rules: [{name: r, scenario: x.ts}]', ['rules[0].scenario: got "x.ts": expected the path of a scenario .js file']],
    ['scenario missing', 'rules: [{name: r, scenario: flows/x.js}]', ['rules[0].scenario: got "flows/x.js": expected an existing, readable .js file (', 'flows/x.js: no such file) (line 1)']],
    ['hold music missing', 'media: {holdMusic: hold.wav}', ['media.holdMusic: got "hold.wav": expected an existing, readable audio file (', 'hold.wav: no such file) (line 1)']],
    ['skill range', 'queues: [{name: Q}]\noperators: [{username: a, password: abcdef, queues: [{name: Q, skill: 101}]}]', ['operators[0].queues[0].skill: got 101: expected a skill level from 0 to 100']],
    ['binding of the wrong type', 'queues: [{name: Q}]\noperators: [{username: a, password: abcdef, queues: [7]}]', ['operators[0].queues[0]: got 7: expected a queue name, or a mapping with name and skill']],
    ['binding key typo', 'queues: [{name: Q}]\noperators: [{username: a, password: abcdef, queues: [{name: Q, skil: 1}]}]', ['operators[0].queues[0].skil: unknown key; did you mean skill?']],
    ['unknown queue', 'queues: [{name: MainQueue}]\noperators: [{username: alice, password: abcdef, queues: [Sales]}]', ['operators[0].queues[0]: got "Sales": expected a queue declared under queues (operator "alice" is in queue "Sales", which is not declared; declared queues: MainQueue)']],
    ['unknown queue, close name', 'queues: [{name: MainQueue}]\noperators: [{username: alice, password: abcdef, queues: [{name: MianQueue}]}]', ['operators[0].queues[0].name: got "MianQueue": expected a queue declared under queues (operator "alice" is in queue "MianQueue", which is not declared; did you mean MainQueue?)']],
    ['queue listed twice', 'queues: [{name: Q}]\noperators: [{username: a, password: abcdef, queues: [Q, Q]}]', ['operators[0].queues[1]: got "Q": expected each queue once per operator']],
    ['duplicate queue', 'queues: [{name: Q}, {name: Q}]', ['queues[1].name: got "Q": expected a unique queue name (queues[0] is already named "Q")']],
    ['duplicate operator', 'operators: [{username: a, password: abcdef}, {username: a, password: abcdef}]', ['operators[1].username: got "a": expected a unique user name']],
    ['duplicate trunk', 'trunks: [{name: t, address: "192.0.2.1:5060", allowedSources: []}, {name: t, address: "192.0.2.2", allowedSources: []}]', ['trunks[1].name: got "t": expected a unique trunk name']],
    ['duplicate rule', 'rules: [{name: r, scenario: a.js}, {name: r, scenario: a.js}]', ['rules[1].name: got "r": expected a unique rule name']],
    ['trunk address', 'trunks: [{name: t, address: "192.0.2.1:99999", allowedSources: []}]', ['trunks[0].address: got "192.0.2.1:99999": expected an IP address and port, e.g. 192.0.2.10:5060 or [2001:db8::10]:5060 (the port, if written, from 1 to 65535)']],
    ['trunk source', 'trunks: [{name: t, address: 192.0.2.1, allowedSources: [10.0.0.0/33]}]', ['trunks[0].allowedSources[0]: got "10.0.0.0/33": expected an IP address or CIDR block']],
    ['trunk half credentials', 'trunks: [{name: t, address: 192.0.2.1, allowedSources: [], username: u}]', ['trunks[0].password: got nothing: expected a password as well, since username is set']],
    ['sip transport', 'sip: {listen: [{transport: ws}]}', ['sip.listen[0].transport: got "ws": expected one of udp, tcp']],
    ['sip duplicate', 'sip: {listen: [{transport: udp}, {transport: udp, port: 5060}]}', ['sip.listen[1]: got {"transport":"udp","host":"0.0.0.0","port":5060}: expected a listen address not already listed (same as sip.listen[0])']],
    ['admin token', 'api: {adminToken: short}', ['api.adminToken: got a hidden value of 5 characters: expected a token of at least 16 characters']],
    ['region', 'api: {defaultRegion: XX}', ['api.defaultRegion: got "XX": expected an ISO 3166 country code']],
    ['prefix', 'api: {allowedCallbackPrefixes: ["44"]}', ['api.allowedCallbackPrefixes[0]: got "44": expected an E.164 prefix']],
    ['channel name', 'queues: [{name: Q, taskCapacity: {"live chat": 2}}]', ['queues[0].taskCapacity["live chat"]: got key "live chat": expected a channel name']],
    ['tts engine', 'tts: {engine: polly}', ['tts.engine: got "polly": expected espeak (built in) or command (an external program, see tts.command)']],
    ['long value truncated', `queues: [{name: "${'x'.repeat(100)}"}]`, [`queues[0].name: got "${'x'.repeat(58)}…: expected a queue name (up to 64 letters`]],
  ];

  it.each(table)('%s', (_label, text, expected) => {
    const problems = problemsOf(() => load(text));
    for (const substring of expected) {
      expect(problems.some((p) => p.includes(substring)), `${substring}\nnot in:\n${problems.join('\n')}`).toBe(true);
    }
  });

  it('every problem line starts with the file and a key path', () => {
    for (const [, text] of table) {
      for (const p of problemsOf(() => load(text))) expect(p).toMatch(/^holdless\.yaml: \S/);
    }
  });

  it('lists every problem in one error, one per line', () => {
    let error: unknown;
    try {
      load('server: {http: {port: -1}}\nqueues: [{name: Q, ringTimeout: 5, wrapUpTime: -1}]\noperators: [{username: a, password: x, queues: [Nope]}]\n');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.problems).toHaveLength(5);
    expect(e.message.split('\n')[0]).toBe('Invalid holdless configuration (5 problems):');
    for (const p of e.problems) expect(e.message).toContain(`\n  ${p}`);
  });

  it('names the line and column of a YAML syntax error', () => {
    const problems = problemsOf(() => load('server:\n  http: {port: 8080\nqueues: []\n'));
    expect(problems[0]).toMatch(/^holdless\.yaml: line 3, column \d+: invalid YAML: /);
    expect(problemsOf(() => load('a: 1\na: 2\n'))[0]).toBe('holdless.yaml: line 2, column 1: invalid YAML: Map keys must be unique');
  });

  it('rejects a self-referencing alias instead of overflowing the stack', () => {
    expect(problemsOf(() => load('server: &s\n  http: *s\n'))[0]).toContain('an alias refers to a mapping or list that contains it');
  });

  it('parseConfigText validates text without reading a file', () => {
    const c = parseConfigText(minimal, { file: join(dir, 'x.yaml'), cwd: dir, env: {} });
    expect(c.operators[0]!.queues).toEqual([{ queue: 'MainQueue', skill: 0 }]);
    expect(c.operators[0]!.displayName).toBe('alice');
  });
});
