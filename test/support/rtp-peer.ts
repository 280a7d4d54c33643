/**
 * The media side of a test phone: a UDP socket on 127.0.0.1 that keeps every RTP packet it receives (RTCP is
 * ignored), and sends G.711 µ-law audio or RFC 4733 digits back to where the packets come from (symmetric RTP, as
 * holdless itself does). The SIP side of the phone is a real peer (SIPp); this only plays its microphone and ear.
 */
import { createSocket, type Socket } from 'node:dgram';
import { FRAME_SAMPLES } from '../../src/media/audio-frame.js';
import { decodeUlaw, encodeUlaw } from '../../src/media/codecs/g711.js';
import { TelephoneEvent } from '../../src/media/dtmf/telephone-event.js';
import { RtpPacket } from '../../src/media/rtp/rtp-packet.js';

export interface Received {
  packet: RtpPacket;
  at: number;
}

const DIGIT_EVENTS: Record<string, number> = { '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15 };

export class RtpPeer {
  readonly received: Received[] = [];
  /** Where holdless sends from (learned from the first packet). */
  remote: { address: string; port: number } | null = null;
  private waiters: Array<() => void> = [];
  private seq = 1000;
  private ts = 160_000;
  private readonly ssrc = (Math.random() * 2 ** 32) >>> 0;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (bytes, rinfo) => {
      if (bytes.length < 12 || (bytes[1]! >= 200 && bytes[1]! <= 204)) return; // RTCP
      let packet: RtpPacket;
      try {
        packet = RtpPacket.unmarshal(Uint8Array.from(bytes));
      } catch {
        return;
      }
      this.remote ??= { address: rinfo.address, port: rinfo.port };
      this.received.push({ packet, at: performance.now() });
      for (const w of [...this.waiters]) w();
    });
  }

  static async open(): Promise<RtpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new RtpPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Audio packets (payload type 0) received from index `from` on, decoded. */
  audio(from = 0): Int16Array {
    const packets = this.received.slice(from).filter((r) => r.packet.payloadType === 0);
    const pcm = new Int16Array(packets.length * FRAME_SAMPLES);
    packets.forEach((r, i) => decodeUlaw(r.packet.payload, pcm.subarray(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES)));
    return pcm;
  }

  /** Resolves when `predicate` holds over what was received, or rejects with `what` after the timeout. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!predicate()) return false;
        this.waiters = this.waiters.filter((w) => w !== check);
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`${what}: not within ${timeoutMs} ms (${this.received.length} RTP packets received)`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  /** Sends 20 ms µ-law frames of `pcm` (paced at 20 ms) to the learned remote. */
  async sendAudio(pcm: Int16Array): Promise<void> {
    const remote = this.need();
    const payload = new Uint8Array(FRAME_SAMPLES);
    for (let off = 0; off + FRAME_SAMPLES <= pcm.length; off += FRAME_SAMPLES) {
      encodeUlaw(pcm.subarray(off, off + FRAME_SAMPLES), payload);
      this.send(remote, 0, payload.slice(), off === 0);
      this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** An RFC 4733 digit: 5 packets of the event growing by 20 ms, then three end packets (RFC 4733 §2.5.1.4). */
  async sendDigit(digit: string, payloadType = 101): Promise<void> {
    const remote = this.need();
    const code = /^[0-9]$/.test(digit) ? Number(digit) : DIGIT_EVENTS[digit.toUpperCase()];
    if (code === undefined) throw new Error(`not a DTMF digit: ${digit}`);
    const start = this.ts;
    for (let i = 1; i <= 8; i++) {
      const end = i > 5;
      const event = new TelephoneEvent(code, end, 10, Math.min(i, 5) * FRAME_SAMPLES);
      this.ts = start;
      this.send(remote, payloadType, event.marshal(), i === 1);
      await new Promise((r) => setTimeout(r, end ? 5 : 20));
    }
    this.ts = (start + 6 * FRAME_SAMPLES) >>> 0;
  }

  close(): void {
    this.socket.close();
  }

  private need(): { address: string; port: number } {
    if (!this.remote) throw new Error('no RTP received yet: the remote address is unknown');
    return this.remote;
  }

  private send(remote: { address: string; port: number }, payloadType: number, payload: Uint8Array, marker: boolean): void {
    const p = new RtpPacket();
    p.payloadType = payloadType;
    p.marker = marker;
    p.sequenceNumber = this.seq++ & 0xffff;
    p.timestamp = this.ts;
    p.ssrc = this.ssrc;
    p.payload = payload;
    this.socket.send(p.marshal(), remote.port, remote.address);
  }
}

/** `seconds` of a sine at `hz` (amplitude about -12 dBFS), 8 kHz. */
export function sine(hz: number, seconds: number): Int16Array {
  const pcm = new Int16Array(Math.round(8000 * seconds));
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000));
  return pcm;
}
