/**
 * Answering what could not be parsed (RFC 3261 §8.2.2 / §16.3: a malformed request gets 400 when it can be
 * answered at all; §21.5.6 505 for an unsupported version).
 *
 * readResponseContext reads, from raw bytes and as leniently as it can (bare LFs, folding, no empty line, junk
 * elsewhere), the fields a response must echo: every Via, From, To, Call-ID and CSeq, plus enough of the top
 * Via to route the answer (§18.2.2). It returns null when the bytes are a response (responses are never answered,
 * §18.1.2) or when any of those fields is missing. It never throws.
 */
import { isUtf8 } from 'node:buffer';
import { isToken } from '../uri/chars.js';
import { EncodeError } from './encode-error.js';
import { headerKey } from './header-names.js';
import { splitList, trimWs } from './header-list.js';
import { NameAddr } from './name-addr.js';
import { asBuffer, skipCrlf } from './parse-message.js';
import { SipResponse } from './sip-response.js';

export interface ResponseContext {
  /** The Via header lines, in order, as received. */
  readonly vias: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly callId: string;
  readonly cseq: string;
  /** The request method when the request line is readable. */
  readonly method: string | undefined;
  /** The top Via's sent-by, read leniently: where the response goes (§18.2.2, RFC 3581). */
  readonly topVia: {
    readonly transport: string;
    readonly host: string;
    readonly port: number | undefined;
    readonly rport: boolean;
  };
}

const SCAN_LIMIT = 65_536;
const SENT_BY = /^SIP\s*\/\s*\d+\.\d+\s*\/\s*([A-Za-z0-9.!%*_+`'~-]+)\s+(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?:\s*:\s*(\d{1,5}))?/i;

export function readResponseContext(bytes: Uint8Array): ResponseContext | null {
  try {
    return read(asBuffer(bytes));
  } catch {
    return null; // best effort by contract: whatever went wrong, there is nothing to answer with
  }
}

function read(buf: Buffer): ResponseContext | null {
  const start = skipCrlf(buf, 0);
  let end = Math.min(buf.length, start + SCAN_LIMIT);
  const blank = buf.indexOf('\r\n\r\n', start, 'latin1');
  if (blank !== -1 && blank < end) end = blank;
  const slice = buf.subarray(start, end);
  const text = isUtf8(slice) ? slice.toString('utf8') : slice.toString('latin1');
  const lines = text.split(/\r?\n|\r/);
  const first = lines[0] ?? '';
  if (/^SIP\//i.test(first)) return null;
  const method = first.split(' ')[0];

  const fields: Array<[key: string, value: string]> = [];
  for (const line of lines.slice(1)) {
    if (line.length === 0) break;
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1]![1] += ' ' + trimWs(line);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    fields.push([headerKey(trimWs(line.slice(0, colon))), trimWs(line.slice(colon + 1))]);
  }
  const firstOf = (key: string): string | undefined => fields.find(([k, v]) => k === key && v.length > 0)?.[1];
  const vias = fields.filter(([k, v]) => k === 'via' && v.length > 0).map(([, v]) => v);
  const from = firstOf('from');
  const to = firstOf('to');
  const callId = firstOf('call-id');
  const cseq = firstOf('cseq');
  if (vias.length === 0 || !from || !to || !callId || !cseq) return null;
  const top = splitList(vias[0]!)[0] ?? '';
  const m = SENT_BY.exec(top);
  if (!m) return null;
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && port > 65535) return null;
  return {
    vias,
    from,
    to,
    callId,
    cseq,
    method: method !== undefined && isToken(method) ? method : undefined,
    topVia: {
      transport: m[1]!.toUpperCase(),
      host: m[2]!.replace(/^\[|\]$/g, ''),
      port,
      rport: /;\s*rport\s*(?:[;=]|$)/i.test(top),
    },
  };
}

/** A tag is added only to a To that reads as an address without one; a broken To is echoed untouched. */
function canTakeTag(to: string): boolean {
  try {
    return NameAddr.parse(to, 'to').tag === undefined;
  } catch {
    return false; // unreadable To (e.g. an unterminated quote): echo it as received
  }
}

/** The response (400 by default) to a request known only by its context; adds a To tag if asked and absent. */
export function makeResponseFromContext(
  ctx: ResponseContext,
  status = 400,
  reason?: string,
  options: { readonly toTag?: string } = {},
): SipResponse {
  let to = ctx.to;
  if (options.toTag !== undefined && status !== 100 && canTakeTag(to)) {
    if (!isToken(options.toTag)) throw new EncodeError(`tag ${JSON.stringify(options.toTag)} is not a token`);
    to += `;tag=${options.toTag}`;
  }
  return new SipResponse({
    status,
    ...(reason === undefined ? {} : { reason }),
    headers: [...ctx.vias.map((v): [string, string] => ['Via', v]), ['From', ctx.from], ['To', to], ['Call-ID', ctx.callId], ['CSeq', ctx.cseq]],
  });
}
