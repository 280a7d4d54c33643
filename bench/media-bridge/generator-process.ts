/**
 * The phones of bench:media-bridge: per bridged pair a caller socket and an operator socket, each sending 50 PCMU
 * packets a second (phased over the 20 ms period, like real phones that started at different times) and receiving
 * what the relay sends them. Each payload starts with its send time on the system's monotonic clock
 * (`process.hrtime`, shared by all processes), so the receiving socket measures the one-way delay through the relay.
 *
 *   argv[2] = number of pairs; talks to run.ts over the fork IPC channel.
 */
import { createSocket, type Socket } from 'node:dgram';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { LatenessHistogram } from '../../src/media/endpoint/lateness-histogram.js';
import type { FromChild, GeneratorReport, Targets, ToChild } from './protocol.js';

const pairs = Number(process.argv[2]);
const send = (m: FromChild): void => void process.send!(m);
const lookup = (address: string, _o: unknown, cb: (e: null, a: string, f: number) => void): void => cb(null, address, 4);
const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const delays = new LatenessHistogram();
let measuring = false;
let sent = 0;
let received = 0;

async function bind(): Promise<Socket> {
  const s = createSocket({ type: 'udp4', lookup, recvBufferSize: 1 << 20 });
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  s.on('message', (bytes) => {
    if (!measuring || bytes.length < 20 || (bytes[1]! >= 200 && bytes[1]! <= 204)) return;
    received++;
    delays.record(monotonicMs() - bytes.readDoubleLE(12));
  });
  return s;
}

const callers: Socket[] = [];
const operators: Socket[] = [];

function talk(targets: Targets): void {
  const clock = new PhasedMediaClock(systemPacer);
  const start = (socket: Socket, port: number, ssrc: number): void => {
    const buf = Buffer.alloc(172, 0xff);
    buf[0] = 0x80;
    buf[1] = 0; // PCMU, no marker
    buf.writeUInt32BE(ssrc, 8);
    clock.subscribe((tick) => {
      buf.writeUInt16BE(tick.index & 0xffff, 2);
      buf.writeUInt32BE((tick.index * 160) >>> 0, 4);
      buf.writeDoubleLE(monotonicMs(), 12);
      socket.send(buf, port, '127.0.0.1');
      if (measuring) sent++;
    });
  };
  for (let i = 0; i < pairs; i++) {
    start(callers[i]!, targets.caller[i]!, 0x10000 + i);
    start(operators[i]!, targets.operator[i]!, 0x20000 + i);
  }
}

let cpuAtStart = process.cpuUsage();
let wallAtStart = 0;
process.on('message', (m: ToChild) => {
  if (m.type === 'targets') talk(m.targets);
  else if (m.type === 'start') {
    measuring = true;
    sent = 0;
    received = 0;
    delays.reset();
    cpuAtStart = process.cpuUsage();
    wallAtStart = performance.now();
  } else if (m.type === 'stop') {
    measuring = false;
    const cpu = process.cpuUsage(cpuAtStart);
    const report: GeneratorReport = {
      type: 'generator-report',
      sent,
      received,
      delayP50: delays.quantile(0.5),
      delayP99: delays.quantile(0.99),
      delayMax: delays.maxMs,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - wallAtStart)) * 100,
    };
    send(report);
  } else if (m.type === 'exit') process.exit(0);
});

(async () => {
  for (let i = 0; i < pairs; i++) {
    callers.push(await bind());
    operators.push(await bind());
  }
  send({ type: 'ready', ports: { caller: callers.map((s) => s.address().port), operator: operators.map((s) => s.address().port) } });
})().catch((err: Error) => send({ type: 'error', message: err.message }));
