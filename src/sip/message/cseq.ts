/**
 * CSeq = "CSeq" HCOLON 1*DIGIT LWS Method (RFC 3261 §20.16). The number must fit in 32 bits (§8.1.1.5: a UAC keeps
 * it below 2**31; a receiver accepts up to 2**32-1 and rejects more, RFC 4475 §3.1.2.4). The method is
 * case-sensitive and must equal the request's (§8.1.1.5, checked by validateMessage).
 */
import { EncodeError } from './encode-error.js';
import { isToken } from '../uri/chars.js';
import { Scanner } from './scanner.js';
import { DIGIT } from '../uri/chars.js';

export const MAX_CSEQ = 2 ** 32 - 1;

export class CSeq {
  constructor(
    readonly seq: number,
    readonly method: string,
  ) {
    if (!Number.isInteger(seq) || seq < 0 || seq > MAX_CSEQ) throw new EncodeError(`CSeq ${seq} is out of range`);
    if (!isToken(method)) throw new EncodeError(`CSeq method ${JSON.stringify(method)} is not a token`);
  }

  static parse(text: string): CSeq {
    const s = new Scanner(text, 'cseq');
    s.skipWs();
    const digits = s.run(DIGIT, 'sequence number');
    const seq = Number(digits);
    if (digits.length > 10 || seq > MAX_CSEQ) s.fail('sequence number exceeds 2**32-1');
    if (!s.skipWs()) s.fail('expected whitespace before the method');
    const method = s.token('method');
    s.end();
    return new CSeq(seq, method);
  }

  toString(): string {
    return `${this.seq} ${this.method}`;
  }
}
