import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';
import { makeResponseFromContext, readResponseContext } from './response-context.js';
import { serializeMessage } from './serialize-message.js';
import type { SipResponse } from './sip-response.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('readResponseContext (RFC 3261 §8.2.2, §16.3: answer what cannot be parsed)', () => {
  const broken = b(
    'INVITE  sip:user@example.com SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.15:5070;;,;,,\r\nVia: SIP/2.0/TCP p.example.com;branch=z9hG4bK2\r\n' +
      'From: sip:caller@example.net;tag=1\r\nTo: "Mr. J. User <sip:j.user@example.com>\r\nCall-ID: x1\r\nCSeq: 8\r\n INVITE\r\nContent-Length: 9999\r\n\r\nv=0',
  );

  it('reads Via, From, To, Call-ID and CSeq from a request that fails to parse', () => {
    const ctx = readResponseContext(broken)!;
    expect(ctx.vias).toEqual(['SIP/2.0/UDP 192.0.2.15:5070;;,;,,', 'SIP/2.0/TCP p.example.com;branch=z9hG4bK2']);
    expect(ctx.from).toBe('sip:caller@example.net;tag=1');
    expect(ctx.to).toBe('"Mr. J. User <sip:j.user@example.com>');
    expect(ctx.callId).toBe('x1');
    expect(ctx.cseq).toBe('8 INVITE');
    expect(ctx.topVia).toEqual({ transport: 'UDP', host: '192.0.2.15', port: 5070, rport: false });
  });

  it('builds a 400 that parses and echoes the fields in order', () => {
    const res = makeResponseFromContext(readResponseContext(broken)!, 400, 'Bad Request', { toTag: 'hl1' });
    const again = parseMessage(serializeMessage(res)) as SipResponse;
    expect(again.status).toBe(400);
    expect(again.headers.getAll('via')).toHaveLength(2);
    expect(again.headers.get('cseq')).toBe('8 INVITE');
    expect(again.headers.get('to')).toBe('"Mr. J. User <sip:j.user@example.com>');
    const tagged = makeResponseFromContext(readResponseContext(b('BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;rport\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: 1\r\nCSeq: 1 BYE\r\n'))!, 400, undefined, { toTag: 'xyz' });
    expect(tagged.headers.get('to')).toBe('<sip:c@d>;tag=xyz');
    expect(tagged.reason).toBe('Bad Request');
  });

  it('reads rport and IPv6 sent-by', () => {
    const ctx = readResponseContext(b('OPTIONS sip:a@b SIP/2.0\r\nv: SIP / 2.0 / TCP [2001:db8::1] : 5061 ; rport ; branch=z9hG4bKx\r\nf: a\r\nt: b\r\ni: c\r\nCSeq: 1 OPTIONS\r\n\r\n'))!;
    expect(ctx.topVia).toEqual({ transport: 'TCP', host: '2001:db8::1', port: 5061, rport: true });
    expect(ctx.method).toBe('OPTIONS');
  });

  it.each([
    ['a response', 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 X\r\n\r\n'],
    ['no Via', 'OPTIONS sip:a@b SIP/2.0\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 X\r\n\r\n'],
    ['no Call-ID', 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: a\r\nTo: b\r\nCSeq: 1 X\r\n\r\n'],
    ['an unreadable Via', 'OPTIONS sip:a@b SIP/2.0\r\nVia: garbage\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 X\r\n\r\n'],
    ['nothing', ''],
    ['binary noise', '\u0000\u00ff\u0013'],
  ])('returns null for %s', (_what, text) => {
    expect(readResponseContext(b(text))).toBeNull();
  });
});
