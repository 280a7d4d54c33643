import { describe, expect, it } from 'vitest';
import { makeResponse } from './make-response.js';
import { parseMessage } from './parse-message.js';
import { TRUNK_INVITE } from './sample-messages.test-support.js';
import { serializeMessage } from './serialize-message.js';
import type { SipRequest } from './sip-request.js';

const invite = (): SipRequest => parseMessage(Buffer.from(TRUNK_INVITE)) as SipRequest;

describe('makeResponse (RFC 3261 §8.2.6)', () => {
  it('copies Via (all, in order), From, To, Call-ID and CSeq (§8.2.6.2)', () => {
    const req = parseMessage(
      Buffer.from('BYE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP p1;branch=z9hG4bK1, SIP/2.0/UDP p2;branch=z9hG4bK2\r\nVia: SIP/2.0/TCP ua;branch=z9hG4bK3\r\nf: <sip:a@b>;tag=1\r\nt: <sip:c@d>;tag=2\r\ni: abc\r\nCSeq: 7 BYE\r\nMax-Forwards: 70\r\n\r\n'),
    ) as SipRequest;
    const res = makeResponse(req, 200);
    expect(res.reason).toBe('OK');
    expect(res.headers.entries()).toEqual([
      ['Via', 'SIP/2.0/UDP p1;branch=z9hG4bK1, SIP/2.0/UDP p2;branch=z9hG4bK2'],
      ['Via', 'SIP/2.0/TCP ua;branch=z9hG4bK3'],
      ['From', '<sip:a@b>;tag=1'],
      ['To', '<sip:c@d>;tag=2'],
      ['Call-ID', 'abc'],
      ['CSeq', '7 BYE'],
    ]);
    expect(res.vias.map((v) => v.branch)).toEqual(['z9hG4bK1', 'z9hG4bK2', 'z9hG4bK3']);
  });

  it('adds the To tag when asked and the request has none, never to 100 Trying', () => {
    expect(makeResponse(invite(), 180, undefined, undefined, { toTag: 'hl-1' }).to.tag).toBe('hl-1');
    expect(makeResponse(invite(), 100, undefined, undefined, { toTag: 'hl-1' }).to.tag).toBeUndefined();
    const inDialog = makeResponse(invite(), 200, undefined, undefined, { toTag: 'hl-1' });
    expect(makeResponse(parseMessage(serializeMessage(inDialog)) as never, 200, undefined, undefined, {}).to.tag).toBe('hl-1');
  });

  it('copies Timestamp into 100 Trying (§8.2.6.1) and appends extra headers and a body', () => {
    const req = invite();
    req.headers.append('Timestamp', '54');
    expect(makeResponse(req, 100).headers.get('timestamp')).toBe('54');
    expect(makeResponse(req, 180).headers.get('timestamp')).toBeUndefined();
    const ok = makeResponse(req, 200, 'OK', [['Contact', '<sip:q@h>'], ['Content-Type', 'application/sdp']], { toTag: 't', body: 'v=0\r\n' });
    expect(serializeMessage(ok).toString()).toContain('Contact: <sip:q@h>\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n');
  });
});
