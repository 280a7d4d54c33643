/**
 * The URIs a SIP message can carry: SIP/SIPS (RFC 3261 §19.1), tel (RFC 3966) and any other absoluteURI.
 * `parseUri(uri.toString())` equals `uri` for every URI this module produces.
 */
import { ParseError } from '../message/parse-error.js';
import { AbsoluteUri } from './absolute-uri.js';
import { SipUri } from './sip-uri.js';
import { TelUri } from './tel-uri.js';

export type Uri = SipUri | TelUri | AbsoluteUri;

/** Parses any URI; throws {@link ParseError} (`bad-uri`) when `text` is not one. */
export function parseUri(text: string): Uri {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new ParseError('bad-uri', `invalid URI ${JSON.stringify(text)}: no scheme`);
  switch (text.slice(0, colon).toLowerCase()) {
    case 'sip':
    case 'sips':
      return SipUri.parse(text);
    case 'tel':
      return TelUri.parse(text);
    default:
      return AbsoluteUri.parse(text);
  }
}

export function isSipUri(uri: Uri): uri is SipUri {
  return uri.kind === 'sip';
}
