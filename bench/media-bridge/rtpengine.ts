/**
 * rtpengine in user space (TOOLING.md: `--config-file=none --table=-1`, no kernel forwarding) as the reference relay
 * of bench:media-bridge: started on loopback, driven over its ng protocol, its CPU time read from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { NgClient } from './ng-client.js';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

function sdp(port: number): string {
  return `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`;
}

const portOf = (s: unknown): number => Number(/m=audio (\d+)/.exec(String(s))?.[1]);

export class Rtpengine {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly ng: NgClient,
  ) {}

  static async start(ngPort: number, portMin: number, portMax: number): Promise<Rtpengine> {
    const proc = spawn(
      'rtpengine',
      ['--config-file=none', '--table=-1', '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${ngPort}`, '--foreground', '--log-stderr', '--log-level=3', `--port-min=${portMin}`, `--port-max=${portMax}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ng = new NgClient(ngPort);
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await ng.request({ command: 'ping' }, 300);
        return new Rtpengine(proc, ng);
      } catch (err) {
        if (proc.exitCode !== null || Date.now() > deadline) {
          proc.kill('SIGKILL');
          ng.close();
          throw new Error(`rtpengine did not start: ${(err as Error).message} ${stderr.slice(-500)}`);
        }
      }
    }
  }

  /** Sets up a call between two phones; returns the ports each must send to (caller → `toCaller`'s peer side...). */
  async call(id: string, callerPort: number, operatorPort: number): Promise<{ callerSendsTo: number; operatorSendsTo: number }> {
    const common = { 'call-id': id, 'from-tag': `${id}-f`, flags: ['trust-address'], replace: ['origin', 'session-connection'] };
    const offer = await this.ng.request({ ...common, command: 'offer', sdp: sdp(callerPort) });
    const answer = await this.ng.request({ ...common, command: 'answer', 'to-tag': `${id}-t`, sdp: sdp(operatorPort) });
    // The offer's reply goes to the operator (where it must send); the answer's reply to the caller.
    return { callerSendsTo: portOf(answer.sdp), operatorSendsTo: portOf(offer.sdp) };
  }

  /** User + system CPU time of every rtpengine thread so far, ms (/proc/PID/stat fields 14 and 15). */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  }

  rssMiB(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }

  async stop(): Promise<void> {
    this.ng.close();
    if (this.proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      this.proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.proc.kill('SIGTERM');
    });
  }
}
