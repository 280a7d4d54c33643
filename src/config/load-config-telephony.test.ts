/**
 * The keys the telephony layer and the scenario runtime read: sip (realm, registration, keep-alive), trunk addresses
 * (IP literals only), media (hold music, RTP address and ports, media timeout), scenarios (lifetimes and limits), and
 * the readability of the files rules point at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMediaWorkers, defaultScenarioWorkers } from './config-defaults.js';
import { ENV_VARIABLES } from './env-overrides.js';
import { SHIPPED_HOLD_MUSIC, loadConfig } from './load-config.js';
import { loadText, problemsOf, touch, useTempDir } from './load-config.test-support.js';

const tempDir = useTempDir();
let dir = '';
beforeEach(() => {
  dir = tempDir(); // useTempDir's hook was registered first, so it has made the directory
});

const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadText(dir, text, env);

/** Asserts that loading `text` fails with a problem line containing each of `expected`. */
function expectProblems(text: string, expected: readonly string[]): void {
  const problems = problemsOf(() => load(text));
  for (const p of problems) expect(p).toMatch(/^holdless\.yaml: \S/);
  for (const substring of expected) {
    expect(problems.some((p) => p.includes(substring)), `${substring}\nnot in:\n${problems.join('\n')}`).toBe(true);
  }
}

describe('sip: realm, requireRegistration, keepAliveSeconds', () => {
  it('default to holdless, true and 30', () => {
    expect(load('').sip).toMatchObject({ realm: 'holdless', requireRegistration: true, keepAliveSeconds: 30 });
    expect(load('sip:\n').sip).toMatchObject({ realm: 'holdless', requireRegistration: true, keepAliveSeconds: 30 });
  });

  it('take the values written, keeping listen and publicAddress', () => {
    const c = load(
      'sip:\n  listen: [{transport: udp, host: 192.0.2.5, port: 5070}]\n  publicAddress: 203.0.113.5\n' +
        '  realm: calls.example.com\n  requireRegistration: false\n  keepAliveSeconds: 0\n',
    );
    expect(c.sip).toEqual({
      listen: [{ transport: 'udp', host: '192.0.2.5', port: 5070 }],
      publicAddress: '203.0.113.5',
      realm: 'calls.example.com',
      requireRegistration: false,
      keepAliveSeconds: 0,
      digestAlgorithms: ['SHA-256', 'MD5'],
    });
  });

  it('offers SHA-256 then MD5 digest challenges unless told otherwise', () => {
    expect(load('sip: {digestAlgorithms: [MD5]}\n').sip.digestAlgorithms).toEqual(['MD5']);
    expectProblems('sip: {digestAlgorithms: [MD5, MD5]}\n', ['sip.digestAlgorithms: got ["MD5","MD5"]: expected each algorithm once']);
    expectProblems('sip: {digestAlgorithms: [SHA1]}\n', ['sip.digestAlgorithms[0]: got "SHA1": expected SHA-256 or MD5']);
  });

  it.each([
    ['sip: {realm: ""}', 'sip.realm: got "": expected a digest realm (1 to 128 characters, no quotes, backslashes or control characters)'],
    ['sip: {realm: \'a"b\'}', 'sip.realm: got "a\\"b": expected a digest realm'],
    ['sip: {realm: 7}', 'sip.realm: got 7: expected a digest realm'],
    ['sip: {realm: "a\\tb"}', 'sip.realm: got "a\\tb": expected a digest realm'],
    [`sip: {realm: ${'r'.repeat(129)}}`, 'sip.realm: got "rrrr'],
    ['sip: {requireRegistration: "yes"}', 'sip.requireRegistration: got "yes": expected true or false'],
    ['sip: {keepAliveSeconds: -1}', 'sip.keepAliveSeconds: got -1: expected a whole number of seconds, 0 or more (0 turns keep-alive off)'],
    ['sip: {keepAliveSeconds: 1.5}', 'sip.keepAliveSeconds: got 1.5: expected a whole number of seconds'],
    ['sip: {keepAliveSeconds: "30s"}', 'sip.keepAliveSeconds: got "30s": expected a whole number of seconds'],
    ['sip:\n  keepAlive: 30\n', 'sip.keepAlive: unknown key; did you mean keepAliveSeconds? (line 2)'],
    ['sip:\n  relm: x\n', 'sip.relm: unknown key; did you mean realm? (line 2)'],
  ])('%s', (text, expected) => {
    expectProblems(text, [expected]);
  });
});

describe('trunks: address is an IP literal', () => {
  const trunk = (address: string) => `trunks: [{name: t, address: "${address}", allowedSources: []}]\n`;

  it.each([
    ['192.0.2.10:5080', '192.0.2.10', 5080],
    ['192.0.2.10', '192.0.2.10', 5060],
    ['[2001:db8::10]:5061', '2001:db8::10', 5061],
    ['[2001:db8::10]', '2001:db8::10', 5060],
  ])('accepts %s', (address, host, port) => {
    expect(load(trunk(address)).trunks[0]).toMatchObject({ address, host, port });
  });

  it.each([
    ['sip.carrier.example.net:5060', '(holdless does not resolve host names for trunks yet)'],
    ['carrier', '(holdless does not resolve host names for trunks yet)'],
    ['2001:db8::10', '(an IPv6 address goes in brackets, so its colons are not read as a port)'],
    ['0.0.0.0:5060', "(the carrier's address, not 0.0.0.0 or ::)"],
    ['192.0.2.10:0', '(the port, if written, from 1 to 65535)'],
    ['sip:192.0.2.10', '(the port, if written, from 1 to 65535)'],
  ])('rejects %s', (address, why) => {
    expectProblems(trunk(address), [
      `trunks[0].address: got ${JSON.stringify(address)}: expected an IP address and port, e.g. 192.0.2.10:5060 or [2001:db8::10]:5060 ${why} (line 1)`,
    ]);
  });
});

describe('media.holdMusic', () => {
  it('defaults to the hold music shipped at the package root', () => {
    expect(load('').media.holdMusic).toBe(SHIPPED_HOLD_MUSIC);
    expect(load('media: {rtpHost: 192.0.2.1}').media.holdMusic).toBe(SHIPPED_HOLD_MUSIC);
  });

  it('resolves a path written relative to the config file', () => {
    touch(dir, ['conf/music/hold.wav']);
    touch(dir, ['conf/holdless.yaml'], 'media: {holdMusic: music/hold.wav}\n');
    const c = loadConfig({ argv: ['--config', 'conf/holdless.yaml'], env: {}, cwd: dir });
    expect(c.media.holdMusic).toBe(join(dir, 'conf', 'music', 'hold.wav'));
  });

  it('names the key and the resolved path of a missing file or a directory', () => {
    expectProblems('media:\n  holdMusic: sounds/hold.wav\n', [
      `media.holdMusic: got "sounds/hold.wav": expected an existing, readable audio file (${join(dir, 'sounds', 'hold.wav')}: no such file) (line 2)`,
    ]);
    mkdirSync(join(dir, 'sounds'));
    expectProblems('media: {holdMusic: sounds}', [`media.holdMusic: got "sounds": expected an existing, readable audio file (${join(dir, 'sounds')}: not a file)`]);
  });
});

describe('media.rtpHost', () => {
  it('defaults to the host of the first sip.listen entry when it is a specific address', () => {
    expect(load('sip: {listen: [{transport: udp, host: 192.0.2.5}, {transport: tcp}]}').media.rtpHost).toBe('192.0.2.5');
    expect(load('sip: {listen: [{transport: udp, host: "2001:db8::5"}]}').media.rtpHost).toBe('2001:db8::5');
  });

  it('else to sip.publicAddress, else to 127.0.0.1', () => {
    expect(load('sip: {publicAddress: 203.0.113.5}').media.rtpHost).toBe('203.0.113.5');
    expect(load('sip: {listen: [{transport: udp, host: "::"}], publicAddress: "2001:db8::7"}').media.rtpHost).toBe('2001:db8::7');
    // Only the first entry counts: a specific host further down the list is not used.
    expect(load('sip: {listen: [{transport: udp}, {transport: tcp, host: 192.0.2.9}]}').media.rtpHost).toBe('127.0.0.1');
    expect(load('').media.rtpHost).toBe('127.0.0.1');
  });

  it('takes an address written, over the default', () => {
    expect(load('sip: {publicAddress: 203.0.113.5}\nmedia: {rtpHost: 192.0.2.20}').media.rtpHost).toBe('192.0.2.20');
    expect(load('sip: {publicAddress: sip.example.com}\nmedia: {rtpHost: "2001:db8::20"}').media.rtpHost).toBe('2001:db8::20');
  });

  it('must be set when its default would be a host name', () => {
    expectProblems('sip:\n  publicAddress: sip.example.com\nmedia: {}\n', [
      'holdless.yaml: media.rtpHost: got nothing: expected an IP address of this host, set here because the default, sip.publicAddress ("sip.example.com"), is a host name (holdless does not resolve host names for media yet) (line 3)',
    ]);
    expectProblems('sip: {listen: [{transport: udp, host: localhost}]}', [
      'media.rtpHost: got nothing: expected an IP address of this host, set here because the default, sip.listen[0].host ("localhost"), is a host name',
    ]);
  });

  it.each(['media.example.com', '0.0.0.0', '::', '192.0.2.1:20000', '[2001:db8::1]'])('rejects %j', (value) => {
    expectProblems(`media: {rtpHost: "${value}"}`, [
      `media.rtpHost: got ${JSON.stringify(value)}: expected an IP address of this host (not 0.0.0.0 or ::: it is written into SDP for peers to send to) (line 1)`,
    ]);
  });
});

describe('media.rtpPorts and media.mediaTimeoutSeconds', () => {
  it('default to 20000..29999 and 60 s', () => {
    const c = load('');
    expect(c.media.rtpPorts).toEqual({ min: 20000, max: 29999 });
    expect(c.media.mediaTimeoutSeconds).toBe(60);
    expect(load('media: {rtpPorts: }').media.rtpPorts).toEqual({ min: 20000, max: 29999 });
  });

  it('merge a partial range with the defaults, and take 0 to turn the timeout off', () => {
    expect(load('media: {rtpPorts: {min: 10000}}').media.rtpPorts).toEqual({ min: 10000, max: 29999 });
    expect(load('media: {rtpPorts: {min: 40000, max: 40001}, mediaTimeoutSeconds: 0}').media).toMatchObject({
      rtpPorts: { min: 40000, max: 40001 },
      mediaTimeoutSeconds: 0,
    });
    expect(load('media: {mediaTimeoutSeconds: 7.5}').media.mediaTimeoutSeconds).toBe(7.5);
  });

  const evenMin = 'an even port number from 1024 to 65534 (RTP takes the even port, RTCP the odd one after it)';
  it.each([
    ['media: {rtpPorts: {min: 20001}}', [`media.rtpPorts.min: got 20001: expected ${evenMin} (line 1)`]],
    ['media: {rtpPorts: {min: 1000}}', [`media.rtpPorts.min: got 1000: expected ${evenMin}`]],
    ['media: {rtpPorts: {min: 65536}}', [`media.rtpPorts.min: got 65536: expected ${evenMin}`]],
    ['media: {rtpPorts: {min: "20000"}}', [`media.rtpPorts.min: got "20000": expected ${evenMin}`]],
    ['media: {rtpPorts: {max: 70000}}', ['media.rtpPorts.max: got 70000: expected a port number from 1025 to 65535']],
    ['media: {rtpPorts: {min: 30000}}', ['media.rtpPorts.max: got 29999: expected a port number above rtpPorts.min (30000), so the range holds at least one RTP/RTCP pair']],
    ['media: {rtpPorts: {min: 30000, max: 30000}}', ['media.rtpPorts.max: got 30000: expected a port number above rtpPorts.min (30000)']],
    ['media: {rtpPorts: 20000}', ['media.rtpPorts: got 20000: expected a mapping with min and max (e.g. {min: 20000, max: 29999})']],
    ['media: {rtpPorts: {from: 20000}}', ['media.rtpPorts.from: unknown key; expected one of min, max']],
    ['media: {mediaTimeoutSeconds: -1}', ['media.mediaTimeoutSeconds: got -1: expected a number of seconds, 0 or more (0 turns the media timeout off)']],
    ['media:\n  mediaTimeout: 60\n', ['media.mediaTimeout: unknown key; did you mean mediaTimeoutSeconds? (line 2)']],
    ['media: {rtpPort: {min: 20000}}', ['media.rtpPort: unknown key; did you mean rtpPorts?']],
  ])('%s', (text, expected) => {
    expectProblems(text, expected);
  });

  it('reports one line for a value that fails several checks with the same message', () => {
    expect(problemsOf(() => load('media: {rtpPorts: {min: 1023}}'))).toHaveLength(1);
  });
});

describe('media.workers', () => {
  it('defaults to one worker thread from two cores on, none on one', () => {
    expect(load('').media.workers).toBe(defaultMediaWorkers());
    expect([defaultMediaWorkers(1), defaultMediaWorkers(2), defaultMediaWorkers(16)]).toEqual([0, 1, 1]);
    expect(load('media: {workers: 0}').media.workers).toBe(0);
    expect(load('media: {workers: 1}').media.workers).toBe(1);
    expect(load('media: {workers: 4}').media.workers).toBe(4);
  });

  const expected = 'a whole number of media worker threads, 0 to 16 (0: RTP on the main thread)';
  it.each([
    ['media: {workers: -1}', [`media.workers: got -1: expected ${expected} (line 1)`]],
    ['media: {workers: 1.5}', [`media.workers: got 1.5: expected ${expected}`]],
    ['media: {workers: 17}', [`media.workers: got 17: expected ${expected}`]],
    ['media: {workers: "1"}', [`media.workers: got "1": expected ${expected}`]],
    [
      'media: {workers: 3, rtpPorts: {min: 40000, max: 40003}}',
      ['media.workers: got 3: expected at most 2 workers for rtpPorts 40000..40003 (each worker needs a slice of at least one RTP/RTCP pair)'],
    ],
  ])('%s', (text, problems) => {
    expectProblems(text, problems);
  });
});

describe('scenarios', () => {
  const defaults = {
    unansweredCallSeconds: 60,
    idleSessionSeconds: 60,
    pendingRequestMinutes: 120,
    memoryMb: 32,
    handlerTimeoutMs: 1000,
    maxTimers: 100,
    workers: defaultScenarioWorkers(),
  };

  it('defaults every key, also for an empty or partial section', () => {
    expect(load('').scenarios).toEqual(defaults);
    expect(load('scenarios:\n').scenarios).toEqual(defaults);
    expect(load('scenarios: {memoryMb: 64, idleSessionSeconds: 0}').scenarios).toEqual({ ...defaults, memoryMb: 64, idleSessionSeconds: 0 });
  });

  it('workers defaults to two scenario worker threads from two cores on, none on one', () => {
    expect([defaultScenarioWorkers(1), defaultScenarioWorkers(2), defaultScenarioWorkers(16)]).toEqual([0, 2, 2]);
    expect(load('scenarios: {workers: 0}').scenarios.workers).toBe(0);
  });

  it('takes every key written', () => {
    const written = {
      unansweredCallSeconds: 30,
      idleSessionSeconds: 5,
      pendingRequestMinutes: 1440,
      memoryMb: 8,
      handlerTimeoutMs: 250,
      maxTimers: 20,
      workers: 3,
    };
    expect(load(`scenarios: ${JSON.stringify(written)}`).scenarios).toEqual(written);
  });

  it.each([
    ['unansweredCallSeconds: 0', 'scenarios.unansweredCallSeconds: got 0: expected a number of seconds, more than 0'],
    ['idleSessionSeconds: -1', 'scenarios.idleSessionSeconds: got -1: expected a number of seconds, 0 or more'],
    ['pendingRequestMinutes: 0', 'scenarios.pendingRequestMinutes: got 0: expected a number of minutes, more than 0'],
    ['memoryMb: 4', 'scenarios.memoryMb: got 4: expected a whole number of MiB, 8 or more'],
    ['memoryMb: 16.5', 'scenarios.memoryMb: got 16.5: expected a whole number of MiB, 8 or more'],
    ['handlerTimeoutMs: 0', 'scenarios.handlerTimeoutMs: got 0: expected a whole number of milliseconds, 1 or more'],
    ['maxTimers: 0', 'scenarios.maxTimers: got 0: expected a whole number, 1 or more'],
    ['maxTimers: lots', 'scenarios.maxTimers: got "lots": expected a whole number, 1 or more'],
    ['workers: -1', 'scenarios.workers: got -1: expected a whole number of scenario worker threads, 0 to 16 (0: sessions on the main thread)'],
    ['workers: 1.5', 'scenarios.workers: got 1.5: expected a whole number of scenario worker threads, 0 to 16 (0: sessions on the main thread)'],
    ['workers: 17', 'scenarios.workers: got 17: expected a whole number of scenario worker threads, 0 to 16 (0: sessions on the main thread)'],
    ['workers: two', 'scenarios.workers: got "two": expected a whole number of scenario worker threads, 0 to 16 (0: sessions on the main thread)'],
    ['idleSessionSecs: 10', 'scenarios.idleSessionSecs: unknown key; did you mean idleSessionSeconds?'],
    ['memory: 64', 'scenarios.memory: unknown key; did you mean memoryMb?'],
  ])('%s', (entry, expected) => {
    expectProblems(`scenarios:\n  ${entry}\n`, [`${expected} (line 2)`]);
  });

  it('is a mapping', () => {
    expectProblems('scenarios: [a]', ['holdless.yaml: scenarios: got ["a"]: expected a mapping (unansweredCallSeconds, idleSessionSeconds, pendingRequestMinutes, memoryMb, handlerTimeoutMs, maxTimers, workers)']);
    expectProblems('scenario: {}', ['holdless.yaml: scenario: unknown key; did you mean scenarios?']);
  });
});

describe('rules: scenario files readable at load time', () => {
  it('names rules[i].scenario and the resolved path of a missing file or a directory', () => {
    touch(dir, ['flows/ok.js']);
    mkdirSync(join(dir, 'flows', 'dir.js'));
    const text = 'rules:\n  - {name: a, scenario: flows/ok.js}\n  - {name: b, scenario: flows/gone.js}\n  - {name: c, scenario: flows/dir.js}\n';
    expect(problemsOf(() => load(text))).toEqual([
      `holdless.yaml: rules[1].scenario: got "flows/gone.js": expected an existing, readable .js file (${join(dir, 'flows', 'gone.js')}: no such file) (line 3)`,
      `holdless.yaml: rules[2].scenario: got "flows/dir.js": expected an existing, readable .js file (${join(dir, 'flows', 'dir.js')}: not a file) (line 4)`,
    ]);
  });

  it('keeps rule names unique and patterns optional', () => {
    touch(dir, ['a.js']);
    const c = load('rules: [{name: in, pattern: ".*", scenario: a.js}, {name: web, scenario: a.js}]');
    expect(c.rules.map((r) => [r.name, r.pattern])).toEqual([
      ['in', '.*'],
      ['web', undefined],
    ]);
    expectProblems('rules: [{name: r, scenario: a.js}, {name: r, scenario: a.js}]', ['rules[1].name: got "r": expected a unique rule name (rules[0] is already named "r")']);
  });
});

describe('environment overrides are unchanged by the new keys', () => {
  it('are still the seven documented variables', () => {
    expect(ENV_VARIABLES.map((v) => v.name)).toEqual([
      'HOLDLESS_DATA_DIR',
      'HOLDLESS_HTTP_HOST',
      'HOLDLESS_HTTP_PORT',
      'HOLDLESS_SIP_PORT',
      'HOLDLESS_LOG_LEVEL',
      'HOLDLESS_API_TOKEN',
      'HOLDLESS_DATABASE_URL',
    ]);
  });

  it('HOLDLESS_SIP_PORT changes the listen ports only: not the RTP host or ports, nor the other sip keys', () => {
    const text = 'sip: {listen: [{transport: udp, host: 192.0.2.5}], keepAliveSeconds: 15, realm: r}\nmedia: {rtpPorts: {min: 30000, max: 30999}}\n';
    const c = load(text, { HOLDLESS_SIP_PORT: '5080' });
    expect(c.sip).toEqual({
      listen: [{ transport: 'udp', host: '192.0.2.5', port: 5080 }],
      realm: 'r',
      requireRegistration: true,
      keepAliveSeconds: 15,
      digestAlgorithms: ['SHA-256', 'MD5'],
    });
    expect(c.media).toMatchObject({ rtpHost: '192.0.2.5', rtpPorts: { min: 30000, max: 30999 } });
  });

  it('HOLDLESS_* variables named like the new keys are unknown, so only warned about', () => {
    const c = load('', { HOLDLESS_RTP_HOST: '192.0.2.1' });
    expect(c.media.rtpHost).toBe('127.0.0.1');
    expect(c.warnings).toEqual(['environment: HOLDLESS_RTP_HOST is not a holdless variable; did you mean HOLDLESS_HTTP_HOST?']);
  });

  it('the new sections are frozen with the rest', () => {
    const c = load('');
    expect(Object.isFrozen(c.media.rtpPorts)).toBe(true);
    expect(Object.isFrozen(c.scenarios)).toBe(true);
  });
});

describe('tts: the built-in engine or an external program', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'holdless-tts-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const loadTts = (text: string) => {
    const file = join(dir, 'holdless.yaml');
    writeFileSync(file, text);
    return loadConfig({ argv: ['--config', file], env: {}, cwd: dir });
  };

  it('defaults to espeak with no command', () => {
    expect(loadTts('').tts).toEqual({ engine: 'espeak', voices: {} });
  });

  it('takes a command engine with its program, arguments, voices and time limit', () => {
    const c = loadTts("tts:\n  engine: command\n  command:\n    program: /usr/bin/piper\n    args: ['--model', '{voice}', '--output_file', '{out}']\n    voices: {ru: ru_RU-irina-medium.onnx}\n");
    expect(c.tts).toEqual({
      engine: 'command',
      voices: {},
      command: { program: '/usr/bin/piper', args: ['--model', '{voice}', '--output_file', '{out}'], voices: { ru: 'ru_RU-irina-medium.onnx' }, timeoutSeconds: 15 },
    });
  });

  it('asks for tts.command when the engine is command, and names unknown engines', () => {
    expect(() => loadTts('tts: {engine: command}\n')).toThrow(/tts\.command: .*a mapping with program and args, since tts\.engine is command/);
    expect(() => loadTts('tts: {engine: piper}\n')).toThrow(/tts\.engine: got "piper": expected espeak \(built in\) or command/);
  });
});
