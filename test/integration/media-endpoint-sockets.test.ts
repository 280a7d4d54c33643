/**
 * The socket edge of a leg on real UDP: ports another process holds are skipped, close() really frees the port pair,
 * symmetric RTP follows a peer whose packets come from somewhere else than its SDP said, and RTCP uses port + 1.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { systemRng } from '../../src/lib/rng.js';
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PCMU } from '../../src/media/codecs/g711-codec.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { PortAllocator } from '../../src/media/endpoint/port-allocator.js';
import { RtpEndpoint } from '../../src/media/endpoint/rtp-endpoint.js';
import { parseRtcpCompound } from '../../src/media/rtp/rtcp-compound.js';
import { RtpPacket } from '../../src/media/rtp/rtp-packet.js';
import { freePort } from '../support/sipp.js';

async function udp(port = 0): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(port, '127.0.0.1', () => resolve());
  });
  return s;
}

function next(socket: Socket, accept: (bytes: Buffer) => boolean = () => true, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('nothing arrived')), timeoutMs);
    const on = (bytes: Buffer): void => {
      if (!accept(bytes)) return;
      clearTimeout(timer);
      socket.off('message', on);
      resolve(bytes);
    };
    socket.on('message', on);
  });
}

describe('RtpEndpoint on real UDP sockets', () => {
  const legs: RtpEndpoint[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    await Promise.all(legs.splice(0).map((l) => l.close()));
    for (const s of sockets.splice(0)) s.close();
  });

  it('skips a pair another socket holds, and close() frees the pair for anyone to bind', async () => {
    let base = await freePort();
    base += base & 1;
    const squatter = await udp(base + 1); // holds the RTCP half of the first pair
    sockets.push(squatter);
    const ports = new PortAllocator({ min: base, max: base + 5 });
    const leg = await RtpEndpoint.open({ clock: new PhasedMediaClock(systemPacer), ports, codec: PCMU, rng: systemRng });
    expect(leg.port).toBe(base + 2);
    await leg.close();
    expect(ports.inUse).toBe(0);
    const rtp = await udp(base + 2);
    const rtcp = await udp(base + 3);
    sockets.push(rtp, rtcp);
  });

  it('latches to the address the peer really sends from, and reports on RTCP at port + 1', async () => {
    const announced = await udp(); // what the peer's SDP said (never used by the peer)
    const sdpRtcp = await udp();
    // Where its packets really come from (a NAT's mapping), with port + 1 bound too to see the RTCP that follows.
    let real: Socket | null = null;
    let rtcpSeen: Socket | null = null;
    while (!rtcpSeen) {
      const port = (await freePort()) & ~1;
      try {
        real = await udp(port);
        rtcpSeen = await udp(port + 1);
      } catch {
        real?.close();
      }
    }
    sockets.push(announced, sdpRtcp, real!, rtcpSeen);
    const leg = await RtpEndpoint.open({
      clock: new PhasedMediaClock(systemPacer),
      ports: new PortAllocator({ min: 43000, max: 43999 }),
      codec: PCMU,
      remote: { address: '127.0.0.1', port: announced.address().port, rtcp: { address: '127.0.0.1', port: sdpRtcp.address().port } },
      rng: systemRng,
    });
    legs.push(leg);
    const latched = new Promise((resolve) => leg.events.on('latched', resolve));
    leg.setSource({ read: (out) => (out.fill(500), true) });
    await next(announced); // before latching, media goes where the SDP said
    const p = new RtpPacket();
    p.payload = new Uint8Array(160).fill(0xff);
    p.ssrc = 42;
    for (let i = 0; i < 2; i++) {
      p.sequenceNumber = i;
      p.timestamp = i * 160;
      real!.send(p.marshal(), leg.port, '127.0.0.1');
    }
    expect(await latched).toEqual({ address: '127.0.0.1', port: real!.address().port });
    const audio = RtpPacket.unmarshal(await next(real!, (b) => b[1] === 0 || b[1] === 0x80));
    expect(audio.ssrc).toBe(leg.ssrc);
    // RTCP follows the latched RTP to its port + 1 (RFC 3550 §11), no longer the SDP's a=rtcp (RFC 3605), until the
    // peer's own RTCP shows where it comes from.
    const report = parseRtcpCompound(await next(rtcpSeen, () => true, 8000));
    expect(report[0]!.packetType).toBe(200); // an SR: we sent audio since the last report
    expect(report.map((r) => r.packetType)).toContain(202); // SDES CNAME in every compound packet (RFC 3550 §6.1)
  });
});
