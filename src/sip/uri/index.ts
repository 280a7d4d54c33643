/** Public surface of the URI layer (RFC 3261 §19, RFC 3966). */
export { AbsoluteUri } from './absolute-uri.js';
export { escapeText, unescapeText } from './chars.js';
export { type HostKind, type ParsedHost, formatHost, parseHost } from './host.js';
export { SipUri, type SipUriInit, type SipUriParts } from './sip-uri.js';
export { TelUri } from './tel-uri.js';
export { type Uri, isSipUri, parseUri } from './uri.js';
export { sipUriEquals, telUriEquals, uriEquals } from './uri-equals.js';
export type { UriHeader, UriParam } from './uri-param.js';
