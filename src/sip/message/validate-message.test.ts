import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';
import { TRUNK_INVITE } from './sample-messages.test-support.js';
import { validateMessage } from './validate-message.js';

const problems = (text: string): string[] =>
  validateMessage(parseMessage(Buffer.from(text))).map((e) => `${e.reason}${e.header ? ':' + e.header : ''}`);

describe('validateMessage (RFC 3261 §8.1.1, §8.2.2)', () => {
  it('finds nothing wrong with a sound INVITE', () => {
    expect(problems(TRUNK_INVITE)).toEqual([]);
  });

  it('reports missing mandatory fields (§8.1.1), but not Max-Forwards (RFC 2543 requests, RFC 4475 §3.4.1)', () => {
    expect(problems('OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n')).toEqual([
      'missing-header:via',
      'missing-header:from',
      'missing-header:to',
      'missing-header:call-id',
    ]);
  });

  it('reports repeated single-valued fields and every bad value', () => {
    expect(
      problems('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;;\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 256\r\nDate: yesterday\r\n\r\n'),
    ).toEqual(['duplicate-header:to', 'bad-header-value:via', 'bad-header-value:max-forwards', 'bad-header-value:date']);
  });

  it('reports a CSeq method that does not match the request (§8.1.1.5) and headers in the Request-URI (§19.1.1)', () => {
    expect(
      problems('OPTIONS sip:a@b?Route=%3Csip:x%3E SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n'),
    ).toEqual(['cseq-method-mismatch:cseq', 'request-uri-has-headers']);
  });

  it('never throws, even on a message built by hand with junk', () => {
    const m = parseMessage(Buffer.from('SIP/2.0 200 OK\r\nVia: ,,,\r\nContact: *, <sip:a@b>\r\nRoute: sip:x\r\n\r\n'));
    expect(validateMessage(m).map((e) => e.reason)).toEqual([
      'missing-header', 'missing-header', 'missing-header', 'missing-header', 'bad-header-value', 'bad-header-value', 'bad-header-value',
    ]);
  });
});
