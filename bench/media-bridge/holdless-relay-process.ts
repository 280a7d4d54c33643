/**
 * The relay under test: per pair two legs (PCMU, telephone-event 101) joined by a bridge, their remotes the
 * generator's caller and operator sockets: `RtpEndpoint`s and `Bridge`s on this thread, or with argv[3] > 1 on
 * `MediaThreads` workers (each pair on one worker). Reports its own CPU time (all threads).
 *
 *   argv[2] = JSON { caller: number[], operator: number[] } (the generator's ports), argv[3] = threads; IPC with run.ts.
 */
import { systemRng } from '../../src/lib/rng.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PCMU } from '../../src/media/codecs/g711-codec.js';
import { Bridge } from '../../src/media/bridge/bridge.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import { RtpEndpoint } from '../../src/media/endpoint/rtp-endpoint.js';
import { MediaThreads } from '../../src/media/endpoint/threads/media-threads.js';
import type { FromChild, RelayReport, ToChild } from './protocol.js';

const phones = JSON.parse(process.argv[2]!) as { caller: number[]; operator: number[] };
const threads = Number(process.argv[3] ?? 1);
const send = (m: FromChild): void => void process.send!(m);
const clock = new PhasedMediaClock(systemPacer);
const ports = new PortAllocator({ min: 10000, max: 29999 });
const bridges: Bridge[] = [];
const legs: RtpEndpoint[] = [];


async function open(port: number): Promise<RtpEndpoint> {
  const leg = await RtpEndpoint.open({ clock, ports, codec: PCMU, telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port }, rng: systemRng, mediaTimeoutMs: 0 });
  legs.push(leg);
  return leg;
}

let media: MediaThreads | null = null;
let cpuAtStart = process.cpuUsage();
process.on('message', (m: ToChild) => {
  if (m.type === 'start') {
    cpuAtStart = process.cpuUsage();
  } else if (m.type === 'stop') {
    const cpu = process.cpuUsage(cpuAtStart);
    // The generator counts what was relayed; this process reports only what it cost.
    const report: RelayReport = { type: 'relay-report', cpuMs: (cpu.user + cpu.system) / 1000, relayed: 0, rssMiB: process.memoryUsage().rss / 2 ** 20 };
    send(report);
  } else if (m.type === 'exit') void Promise.all([...legs.map((l) => l.close()), media?.stop()]).then(() => process.exit(0));
});

async function onWorkers(): Promise<{ a: number[]; b: number[] }> {
  media = await MediaThreads.start({ threads, ports: { min: 10000, max: 29999 } });
  const m = media;
  const pairs = await Promise.all(
    phones.caller.map(async (callerPort, i) => {
      const a = await m.open({ codec: 'PCMU', telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port: callerPort }, mediaTimeoutMs: 0 });
      const b = await m.open({ codec: 'PCMU', telephoneEventPayloadType: 101, remote: { address: '127.0.0.1', port: phones.operator[i]! }, mediaTimeoutMs: 0, near: a });
      await m.bridge(a, b);
      return [a.port, b.port] as const;
    }),
  );
  return { a: pairs.map((p) => p[0]), b: pairs.map((p) => p[1]) };
}

(async () => {
  if (threads > 1) {
    send({ type: 'relay-ready', legs: await onWorkers() });
    return;
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < phones.caller.length; i++) {
    const legA = await open(phones.caller[i]!);
    const legB = await open(phones.operator[i]!);
    bridges.push(Bridge.join(legA, legB));
    a.push(legA.port);
    b.push(legB.port);
  }
  send({ type: 'relay-ready', legs: { a, b } });
})().catch((err: Error) => send({ type: 'error', message: err.message }));
