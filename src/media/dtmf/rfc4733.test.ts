import { describe, expect, it } from 'vitest';
import type { DtmfEvent } from './dtmf-event.js';
import { Rfc4733Receiver } from './rfc4733-receiver.js';
import { rfc4733Packets, type Rfc4733SendPacket } from './rfc4733-sender.js';
import { TelephoneEvent } from './telephone-event.js';

const SSRC = 0x1234;
const BASE = 0xfffff000; // near the wrap, to exercise timestamp arithmetic

interface Wire {
  timestamp: number;
  payload: Uint8Array;
  at: number;
}

/** What the sender puts on the wire for a digit string, as (timestamp, payload, send time). */
function wire(digits: string, options?: Parameters<typeof rfc4733Packets>[1]): Wire[] {
  return rfc4733Packets(digits, options).map((p: Rfc4733SendPacket) => ({
    timestamp: (BASE + p.timestampOffset) >>> 0,
    payload: new TelephoneEvent(p.event, p.end, p.volume, p.duration).marshal(),
    at: 1000 + p.offsetMs,
  }));
}

function receive(packets: Wire[], receiver = new Rfc4733Receiver()): { digits: string; events: DtmfEvent[] } {
  const events: DtmfEvent[] = [];
  for (const p of packets) {
    receiver.poll(p.at);
    const e = receiver.receive(SSRC, p.timestamp, p.payload, p.at);
    if (e) events.push(e);
  }
  return { digits: events.map((e) => e.digit).join(''), events };
}

describe('RFC 4733 sender (§2.5.1)', () => {
  it('sends start with marker, updates every 50 ms, and three end packets with one timestamp', () => {
    const packets = rfc4733Packets('5');
    expect(packets.map((p) => [p.offsetMs, p.marker, p.end, p.duration])).toEqual([
      [0, true, false, 400],
      [50, false, false, 800],
      [100, false, true, 800],
      [120, false, true, 800],
      [140, false, true, 800],
    ]);
    expect(new Set(packets.map((p) => p.timestampOffset))).toEqual(new Set([0]));
    expect(packets.every((p) => p.volume === 10 && p.event === 5)).toBe(true);
  });

  it('gives each digit its own timestamp, offset by tone + gap at the negotiated clock', () => {
    const packets = rfc4733Packets('12', { clockRate: 48000, toneMs: 100, gapMs: 60 });
    const starts = packets.filter((p) => p.marker);
    expect(starts.map((p) => [p.digit, p.offsetMs, p.timestampOffset])).toEqual([
      ['1', 0, 0],
      ['2', 160, 7680],
    ]);
    expect(packets.filter((p) => p.end).every((p) => p.duration === 4800)).toBe(true);
  });

  it('splits an event longer than 0xFFFF units into segments (§2.5.1.3)', () => {
    const packets = rfc4733Packets('0', { toneMs: 10_000 }); // 80,000 units at 8 kHz
    const segments = [...new Set(packets.map((p) => p.timestampOffset))];
    expect(segments).toEqual([0, 0xffff]);
    expect(packets.some((p) => p.timestampOffset === 0 && p.duration === 0xffff && !p.end)).toBe(true);
    expect(packets.filter((p) => p.marker).length).toBe(1);
    const ends = packets.filter((p) => p.end);
    expect(ends.map((p) => [p.timestampOffset, p.duration])).toEqual(Array(3).fill([0xffff, 80_000 - 0xffff]));
    expect(Math.max(...packets.map((p) => p.duration))).toBeLessThanOrEqual(0xffff);
  });
});

describe('RFC 4733 receiver (§2.5.2)', () => {
  it('reports every digit of a sequence once, at its first packet', () => {
    const packets = wire('0123456789*#ABCD');
    const { digits, events } = receive(packets);
    expect(digits).toBe('0123456789*#ABCD');
    expect(events[0]).toEqual({ digit: '0', method: 'rfc4733', at: 1000 });
  });

  it('absorbs the three redundant end packets and retransmissions of them', () => {
    const packets = wire('9');
    const ends = packets.filter((p) => new TelephoneEvent().unmarshalFrom(p.payload).end);
    expect(receive([...packets, ...ends, ...ends]).digits).toBe('9');
  });

  it('survives a lost start packet: the first packet seen starts the digit', () => {
    expect(receive(wire('4').slice(1)).digits).toBe('4');
    expect(receive(wire('4').slice(2)).digits).toBe('4'); // only end packets arrived
  });

  it('survives lost end packets: the next timestamp starts the next digit', () => {
    const packets = wire('12').filter((p) => !new TelephoneEvent().unmarshalFrom(p.payload).end);
    expect(receive(packets).digits).toBe('12');
  });

  it('ends an event by timeout when its end packets are lost', () => {
    const receiver = new Rfc4733Receiver({ endTimeoutMs: 300 });
    const packets = wire('3').filter((p) => !new TelephoneEvent().unmarshalFrom(p.payload).end);
    receive(packets, receiver);
    expect(receiver.active).toBe('3');
    receiver.poll(packets.at(-1)!.at + 299);
    expect(receiver.active).toBe('3');
    receiver.poll(packets.at(-1)!.at + 300);
    expect(receiver.active).toBeNull();
  });

  it('reports the same digit twice when pressed twice (different timestamps)', () => {
    expect(receive(wire('55')).digits).toBe('55');
    const noEnds = wire('55').filter((p) => !new TelephoneEvent().unmarshalFrom(p.payload).end);
    expect(receive(noEnds).digits).toBe('55');
  });

  it('drops late packets of an earlier digit that arrive after the next one began', () => {
    const packets = wire('78');
    const lateEnd = packets.find((p) => p.timestamp === packets[0]!.timestamp && new TelephoneEvent().unmarshalFrom(p.payload).end)!;
    const reordered = [...packets.filter((p) => p !== lateEnd), { ...lateEnd, at: lateEnd.at + 500 }];
    expect(receive(reordered).digits).toBe('78');
  });

  it('keeps a long event with duration wrap (segments, §2.5.1.3) as one digit', () => {
    expect(receive(wire('0', { toneMs: 20_000 })).digits).toBe('0');
    // Even when the 0xFFFF report of the first segment is lost.
    const lossy = wire('0', { toneMs: 10_000 }).filter((p) => new TelephoneEvent().unmarshalFrom(p.payload).duration !== 0xffff);
    expect(receive(lossy).digits).toBe('0');
  });

  it('starts over on a new SSRC or a timestamp far in the past (the sender restarted)', () => {
    const receiver = new Rfc4733Receiver();
    const packets = wire('1');
    receive(packets, receiver);
    const again = packets[0]!;
    expect(receiver.receive(SSRC + 1, again.timestamp, again.payload, 5000)?.digit).toBe('1');
    const restarted = (again.timestamp - 8000 * 60) >>> 0; // a minute of clock earlier
    expect(receiver.receive(SSRC + 1, restarted, again.payload, 6000)?.digit).toBe('1');
    expect(receiver.receive(SSRC + 1, (restarted - 160) >>> 0, again.payload, 6020)).toBeNull(); // merely late
  });

  it('ignores malformed payloads and non-DTMF events', () => {
    const receiver = new Rfc4733Receiver();
    expect(receiver.receive(SSRC, 1, Uint8Array.of(1, 2, 3), 0)).toBeNull();
    expect(receiver.malformed).toBe(1);
    expect(receiver.receive(SSRC, 1, new TelephoneEvent(32, false, 10, 400).marshal(), 0)).toBeNull(); // fax tone
    expect(receiver.receive(SSRC, 2, new TelephoneEvent(1, false, 10, 400).marshal(), 0)?.digit).toBe('1');
  });
});
