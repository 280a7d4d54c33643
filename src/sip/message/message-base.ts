/**
 * What requests and responses share (RFC 3261 §7): header fields, a body, and typed accessors that parse a header
 * field on first use and cache the result until the headers change.
 *
 * Accessor contract, which the transaction and dialog layers rely on:
 *  - mandatory fields (Via, From, To, Call-ID, CSeq; §8.1.1) return a value or throw ParseError `missing-header`;
 *  - optional fields return undefined when absent;
 *  - a malformed field throws ParseError `bad-header-value` naming the header;
 *  - a single-valued field that appears more than once is read from its first line (validateMessage reports it).
 * Nothing but ParseError is thrown. Run validateMessage first to turn all of this into one list of problems.
 */
import { CSeq } from './cseq.js';
import type { Headers } from './headers.js';
import { MediaType } from './media-type.js';
import { NameAddr } from './name-addr.js';
import { ParseError } from './parse-error.js';
import { parseCallId, parseContentLength, parseDeltaSeconds, parseMaxForwards, parseQValue } from './scalar-headers.js';
import { parseSipDate } from './sip-date.js';
import { Via } from './via.js';

export abstract class SipMessageBase {
  headers: Headers;
  /** The body octets; Content-Length is derived from it when the message is serialized. */
  body: Buffer;

  protected constructor(headers: Headers, body: Buffer) {
    this.headers = headers;
    this.body = body;
  }

  private required(key: string): string {
    const v = this.headers.get(key);
    if (v === undefined) throw new ParseError('missing-header', `missing ${key} header`, { header: key });
    return v;
  }

  private single<T>(key: string, parse: (value: string) => T): T | undefined {
    return this.headers.memo(key, () => {
      const v = this.headers.get(key);
      return v === undefined ? undefined : parse(v);
    });
  }

  /** Every Via value, top first (§20.42). */
  get vias(): readonly Via[] {
    return this.headers.memo('via', () => {
      const values = this.headers.values('via');
      if (values.length === 0) throw new ParseError('missing-header', 'missing Via header', { header: 'via' });
      return values.map((v) => Via.parse(v));
    });
  }

  /** The top Via: the one that names the transaction (§17.1.3, §17.2.3). */
  get via(): Via {
    return this.vias[0]!;
  }

  get from(): NameAddr {
    return this.headers.memo('from', () => NameAddr.parse(this.required('from'), 'from'));
  }

  get to(): NameAddr {
    return this.headers.memo('to', () => NameAddr.parse(this.required('to'), 'to'));
  }

  get callId(): string {
    return this.headers.memo('call-id', () => parseCallId(this.required('call-id')));
  }

  get cseq(): CSeq {
    return this.headers.memo('cseq', () => CSeq.parse(this.required('cseq')));
  }

  get maxForwards(): number | undefined {
    return this.single('max-forwards', parseMaxForwards);
  }

  /** Expires header (§20.19), in seconds. */
  get expires(): number | undefined {
    return this.single('expires', (v) => parseDeltaSeconds(v));
  }

  /** The Content-Length header as received; serialization always writes the body's real length. */
  get contentLength(): number | undefined {
    return this.single('content-length', parseContentLength);
  }

  get contentType(): MediaType | undefined {
    return this.single('content-type', (v) => MediaType.parse(v));
  }

  get date(): Date | undefined {
    return this.single('date', parseSipDate);
  }

  /** `Contact: *` (§10.2.2, §20.10): remove every binding. */
  get isContactWildcard(): boolean {
    const values = this.headers.values('contact');
    return values.length === 1 && values[0] === '*';
  }

  /** Contact values (empty when absent or `*`); expires and q parameters are checked (§20.10, RFC 4475 §3.1.2.4). */
  get contacts(): readonly NameAddr[] {
    return this.headers.memo('contact', () => {
      const values = this.headers.values('contact');
      if (values.length === 1 && values[0] === '*') return [];
      return values.map((v) => {
        if (v === '*') throw new ParseError('bad-header-value', 'contact: * must stand alone', { header: 'contact' });
        const c = NameAddr.parse(v, 'contact');
        const expires = c.param('expires');
        if (expires !== undefined) parseDeltaSeconds(expires ?? '', 'contact');
        const q = c.param('q');
        if (q !== undefined) parseQValue(q ?? '');
        return c;
      });
    });
  }

  /** Route values, in order (§20.34). */
  get routes(): readonly NameAddr[] {
    return this.headers.memo('route', () =>
      this.headers.values('route').map((v) => NameAddr.parse(v, 'route', { requireAngleBrackets: true })),
    );
  }

  /** Record-Route values, in order (§20.30). */
  get recordRoutes(): readonly NameAddr[] {
    return this.headers.memo('record-route', () =>
      this.headers.values('record-route').map((v) => NameAddr.parse(v, 'record-route', { requireAngleBrackets: true })),
    );
  }
}
