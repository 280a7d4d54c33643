/**
 * Start lines (RFC 3261 §7.1, §7.2, §25.1):
 *
 *   Request-Line = Method SP Request-URI SP SIP-Version CRLF
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 *   SIP-Version  = "SIP" "/" 1*DIGIT "." 1*DIGIT
 *
 * Strict where RFC 4475 says rejecting is reasonable: exactly one SP between elements (§3.1.2.9 lwsstart), nothing
 * after the version (§3.1.2.10 trws), no `<>` or LWS in the Request-URI (§3.1.2.7, §3.1.2.8), a three-digit status
 * code (§3.1.2.19). A version other than 2.0 is reported as `unsupported-version` (answered with 505, §3.1.2.16).
 * Lenient where the RFC invites it: a status line without the SP before an empty reason (§3.1.1.13), any
 * characters but CR/LF in the reason phrase.
 */
import { isToken } from '../uri/chars.js';
import { type Uri, parseUri } from '../uri/uri.js';
import { ParseError } from './parse-error.js';

export interface RequestLine {
  readonly kind: 'request';
  readonly method: string;
  readonly uriText: string;
  readonly uri: Uri;
}

export interface StatusLine {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
}

function checkVersion(version: string, offset: number): void {
  if (version === 'SIP/2.0') return;
  if (!/^SIP\/\d+\.\d+$/i.test(version)) {
    throw new ParseError('bad-start-line', `bad SIP version ${JSON.stringify(version)}`, { offset });
  }
  if (!/^SIP\/0*2\.0+$/i.test(version)) {
    throw new ParseError('unsupported-version', `SIP version ${version} is not supported`, { offset });
  }
}

export function isStatusLine(line: string): boolean {
  return line.length >= 4 && line.slice(0, 4).toUpperCase() === 'SIP/';
}

export function parseStartLine(line: string, offset = 0): RequestLine | StatusLine {
  if (line.length === 0) throw new ParseError('bad-start-line', 'empty start line', { offset });
  return isStatusLine(line) ? parseStatusLine(line, offset) : parseRequestLine(line, offset);
}

export function parseRequestLine(line: string, offset = 0): RequestLine {
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 === -1 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp2 === -1 || line.indexOf(' ', sp2 + 1) !== -1 || line.indexOf('\t') !== -1) {
    throw new ParseError('bad-start-line', `request line is not "Method SP Request-URI SP SIP-Version": ${JSON.stringify(line)}`, { offset });
  }
  const method = line.slice(0, sp1);
  const uriText = line.slice(sp1 + 1, sp2);
  if (!isToken(method)) throw new ParseError('bad-start-line', `method ${JSON.stringify(method)} is not a token`, { offset });
  checkVersion(line.slice(sp2 + 1), offset + sp2 + 1);
  if (uriText.length === 0) throw new ParseError('bad-start-line', 'empty Request-URI', { offset });
  let uri: Uri;
  try {
    uri = parseUri(uriText);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    throw new ParseError('bad-request-uri', `bad Request-URI: ${e.message}`, { offset: offset + sp1 + 1, cause: e });
  }
  return { kind: 'request', method, uriText, uri };
}

export function parseStatusLine(line: string, offset = 0): StatusLine {
  const sp1 = line.indexOf(' ');
  if (sp1 === -1) throw new ParseError('bad-start-line', `status line without a status code: ${JSON.stringify(line)}`, { offset });
  checkVersion(line.slice(0, sp1), offset);
  const sp2 = line.indexOf(' ', sp1 + 1);
  const code = sp2 === -1 ? line.slice(sp1 + 1) : line.slice(sp1 + 1, sp2);
  if (!/^[1-6]\d\d$/.test(code)) {
    throw new ParseError('bad-status-code', `bad status code ${JSON.stringify(code)}`, { offset: offset + sp1 + 1 });
  }
  return { kind: 'response', status: Number(code), reason: sp2 === -1 ? '' : line.slice(sp2 + 1) };
}
