/**
 * The anchor of bench:media-streams (TOOLING.md: "rerun the anchor in the same run when you compare"): the same
 * number of legs as plain `dgram` sockets sending a fixed 172-byte packet on the same phased schedule, with no RTP
 * logic at all. The difference between the anchor and the legs is what the media code costs; what the anchor itself
 * costs is Node and the kernel on this machine, today.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';

const lookup = (address: string, _o: unknown, cb: (e: null, a: string, f: number) => void): void => cb(null, address, 4);

export async function openAnchorLegs(farPorts: number[], clock: PhasedMediaClock, onLateness: (ms: number) => void): Promise<{ sent(): number; close(): void }> {
  const sockets: Socket[] = [];
  let sent = 0;
  for (const [i, port] of farPorts.entries()) {
    const s = createSocket({ type: 'udp4', lookup });
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
    sockets.push(s);
    const buf = Buffer.alloc(172, 0x55);
    buf[0] = 0x80;
    buf[1] = 0;
    buf.writeUInt32BE(0x30000 + i, 8);
    clock.subscribe((tick) => {
      buf.writeUInt16BE(tick.index & 0xffff, 2);
      buf.writeUInt32BE((tick.index * 160) >>> 0, 4);
      s.send(buf, port, '127.0.0.1');
      sent++;
      onLateness(performance.now() - tick.ideal);
    });
  }
  return { sent: () => sent, close: () => sockets.forEach((s) => s.close()) };
}
