import { describe, expect, it } from 'vitest';
import { SipUri } from '../uri/sip-uri.js';
import { EncodeError } from './encode-error.js';
import { messageEquals } from './message-equals.js';
import { parseMessage } from './parse-message.js';
import { TRUNK_INVITE } from './sample-messages.test-support.js';
import { serializeMessage } from './serialize-message.js';
import { SipRequest } from './sip-request.js';
import { SipResponse } from './sip-response.js';

describe('serializeMessage (RFC 3261 §7)', () => {
  it('writes a parsed canonical message back byte for byte', () => {
    const m = parseMessage(Buffer.from(TRUNK_INVITE));
    expect(serializeMessage(m).toString()).toBe(TRUNK_INVITE);
  });

  it('writes folded / spaced / compact input in canonical form, keeping names and order', () => {
    const m = parseMessage(Buffer.from('OPTIONS sip:a@b sip/2.0\r\nv:  SIP/2.0/UDP h\r\nTO :\r\n <sip:a@b>\r\ns :\r\nl: 00\r\n\r\n'));
    expect(serializeMessage(m).toString()).toBe('OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h\r\nTO: <sip:a@b>\r\ns:\r\nl: 0\r\n\r\n');
  });

  it('owns Content-Length: rewrites it to the body length, appends it when missing', () => {
    const r = new SipRequest({
      method: 'MESSAGE',
      requestUri: 'sip:bob@example.com',
      headers: [['Via', 'SIP/2.0/UDP h;branch=z9hG4bK1'], ['Content-Length', '999'], ['Content-Type', 'text/plain']],
      body: 'héllo',
    });
    expect(serializeMessage(r).toString()).toBe(
      'MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 6\r\nContent-Type: text/plain\r\n\r\nhéllo',
    );
    const s = new SipResponse({ status: 486 });
    expect(serializeMessage(s).toString()).toBe('SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n');
  });

  it('parse(serialize(m)) equals m for a built message', () => {
    const r = new SipRequest({
      method: 'INVITE',
      requestUri: SipUri.create({ user: 'queue', host: '203.0.113.10', params: [['transport', 'tcp']] }),
      headers: [['From', '"Operator Ü" <sip:op@example.com>;tag=1'], ['Subject', '']],
      body: Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x0d, 0x0a, 255]),
    });
    const again = parseMessage(serializeMessage(r));
    expect(messageEquals(again, r)).toBe(true);
    expect(again.body).toEqual(r.body);
    expect((again as SipRequest).from.displayName).toBe('Operator Ü');
  });

  it('refuses to build what it could not write', () => {
    expect(() => new SipRequest({ method: 'IN VITE', requestUri: 'sip:a@b' })).toThrow(EncodeError);
    expect(() => new SipResponse({ status: 700 })).toThrow(EncodeError);
    expect(() => new SipResponse({ status: 200, reason: 'OK\r\nVia: x' })).toThrow(EncodeError);
  });

  it('setRequestUri retargets a request', () => {
    const r = new SipRequest({ method: 'OPTIONS', requestUri: 'sip:a@b' });
    r.setRequestUri(SipUri.parse('sip:c@d;transport=tcp'));
    expect(serializeMessage(r).toString().split('\r\n')[0]).toBe('OPTIONS sip:c@d;transport=tcp SIP/2.0');
  });
});
