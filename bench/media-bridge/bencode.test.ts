import { describe, expect, it } from 'vitest';
import { bdecode, bencode } from './bencode.js';

describe('bencode (rtpengine ng protocol)', () => {
  it('encodes strings, integers, lists and key-sorted dictionaries', () => {
    expect(bencode({ sdp: 'v=0', command: 'offer', flags: ['trust-address'], n: 42 }).toString()).toBe(
      'd7:command5:offer5:flagsl13:trust-addresse1:ni42e3:sdp3:v=0e',
    );
    expect(bencode('€').toString()).toBe('3:€');
  });

  it('round-trips', () => {
    const v = { result: 'ok', sdp: 'v=0\r\nm=audio 30000 RTP/AVP 0\r\n', list: [1, 'a', { x: -3 }] };
    expect(bdecode(bencode(v))).toEqual(v);
  });

  it('throws on malformed input', () => {
    expect(() => bdecode(Buffer.from('5:ab'))).toThrow();
    expect(() => bdecode(Buffer.from('d3:key'))).toThrow();
  });
});
