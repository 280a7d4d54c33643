// The holdless UAS of bench:sip-cps, in its own process so SIPp, the driver and the UAS never share an event loop.
// A minimal answering UAS on the real user agent (src/sip/ua): every INVITE is answered 200 with a small SDP at once
// (no ringing, no media); SIPp sends ACK and BYE, the UA answers the BYE. It prints JSON lines on stdout:
//   {"ready":true,"port":N,"pid":P}                    once the UDP listener is bound
//   {"stats":{...}}                                    answering "stats" on stdin: counters since the previous stats
//   {"final":{...}}                                    answering "stop" on stdin (or at SIGTERM), then it exits
//   {"heap":"FILE"}                                    answering "heap FILE": a V8 heap snapshot written to FILE
// "stop" exits through process.exit so `node --cpu-prof` writes its profile.
// SIP_CPS_UAS_RCVBUF=BYTES is an experiment, not holdless as shipped: it raises SO_RCVBUF of every UDP socket this
// process binds (src/sip/transport/udp-transport.ts keeps the kernel default, net.core.rmem_default).
import dgram from 'node:dgram';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import { UserAgent } from '../../src/sip/ua/user-agent.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n';

const rcvbuf = Number(process.env.SIP_CPS_UAS_RCVBUF ?? 0);
let recvBufferSize: number | undefined;
if (rcvbuf > 0) {
  const bind = dgram.Socket.prototype.bind;
  // Registered before bind() adds its own callback, so the size is set before the stack starts receiving.
  const patched = function (this: dgram.Socket, ...args: unknown[]): dgram.Socket {
    this.once('listening', () => {
      this.setRecvBufferSize(rcvbuf);
      recvBufferSize = this.getRecvBufferSize();
    });
    return (bind as (...a: unknown[]) => dgram.Socket).apply(this, args);
  };
  dgram.Socket.prototype.bind = patched;
}

let invites = 0;
let answerErrors = 0;
let byes = 0;
let totalInvites = 0;
let totalByes = 0;

const ua = await UserAgent.start({
  listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
  clock: systemClock,
  rng: systemRng,
  onInvite: (call) => {
    invites++;
    totalInvites++;
    call.events.on('disconnected', () => {
      byes++;
      totalByes++;
    });
    try {
      call.answer(SDP);
    } catch {
      answerErrors++;
    }
  },
});

/** The delay histogram samples every LAG_RES_MS and records whole intervals: its baseline is LAG_RES_MS itself. */
const LAG_RES_MS = 10;
const lag = monitorEventLoopDelay({ resolution: LAG_RES_MS });
const excessMs = (ns: number) => Math.max(0, ns / 1e6 - LAG_RES_MS);
lag.enable();
let elu = performance.eventLoopUtilization();
let cpu = process.cpuUsage();
const cpuAtStart = process.cpuUsage();
const startedAt = performance.now();

function line(obj: object): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function stats(): void {
  const nowElu = performance.eventLoopUtilization(elu);
  const nowCpu = process.cpuUsage(cpu);
  elu = performance.eventLoopUtilization();
  cpu = process.cpuUsage();
  line({
    stats: {
      invites,
      byes,
      answerErrors,
      cpuUserUs: nowCpu.user,
      cpuSystemUs: nowCpu.system,
      elu: nowElu.utilization,
      lagP50Ms: excessMs(lag.percentile(50)),
      lagP99Ms: excessMs(lag.percentile(99)),
      lagMaxMs: excessMs(lag.max),
      activeDialogs: ua.activeDialogs,
      transactions: ua.stack.transactionCount,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    },
  });
  invites = 0;
  byes = 0;
  answerErrors = 0;
  lag.reset();
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const used = process.cpuUsage(cpuAtStart);
  const wallS = (performance.now() - startedAt) / 1000;
  await ua.stop();
  line({
    final: {
      invites: totalInvites,
      byes: totalByes,
      cpuUserS: used.user / 1e6,
      cpuSystemS: used.system / 1e6,
      wallS,
      cpuPercent: ((used.user + used.system) / 1e6 / wallS) * 100,
    },
  });
  process.exit(0);
}

createInterface({ input: process.stdin }).on('line', (cmd) => {
  if (cmd === 'stats') stats();
  else if (cmd === 'stop') void stop();
  else if (cmd.startsWith('heap ')) line({ heap: writeHeapSnapshot(cmd.slice(5)) });
});
// The driver going away closes stdin: do not linger.
process.stdin.on('end', () => void stop());
process.on('SIGTERM', () => void stop());

line({ ready: true, port: ua.stack.localAddress('udp').port, pid: process.pid, recvBufferSize });
