/**
 * Public surface of the SIP message layer (RFC 3261 §7, §8.2.6, §18.3, §20, §25). The transaction, dialog and
 * transport layers import from here.
 */
export type { BodyInit } from './body.js';
export { CSeq, MAX_CSEQ } from './cseq.js';
export { EncodeError } from './encode-error.js';
export { displayName as headerDisplayName, headerKey, isListHeader } from './header-names.js';
export { type HeaderParam, findParam, formatParams, makeParam, setParam } from './header-params.js';
export { splitList } from './header-list.js';
export { type HeaderInit, Headers } from './headers.js';
export { type MakeResponseOptions, makeResponse } from './make-response.js';
export { MediaType } from './media-type.js';
export { messageEquals } from './message-equals.js';
export { NameAddr, type NameAddrInit, type NameAddrParseOptions } from './name-addr.js';
export { DEFAULT_MAX_HEADER_BYTES, type ParseOptions, parseMessage } from './parse-message.js';
export { ParseError, type ParseErrorDetails, type ParseErrorReason, statusForParseError } from './parse-error.js';
export { reasonPhrase } from './reason-phrases.js';
export { type ResponseContext, makeResponseFromContext, readResponseContext } from './response-context.js';
export { parseCallId, parseContentLength, parseDeltaSeconds, parseMaxForwards } from './scalar-headers.js';
export { serializeMessage } from './serialize-message.js';
export { formatSipDate, parseSipDate } from './sip-date.js';
export { type SipMessage, isRequest, isResponse } from './sip-message.js';
export { SipRequest, type SipRequestInit } from './sip-request.js';
export { SipResponse, type SipResponseInit } from './sip-response.js';
export { SipStreamFramer, type SipStreamFramerOptions, type SipStreamFramerOutput } from './stream-framer.js';
export { validateMessage } from './validate-message.js';
export { MAGIC_COOKIE, Via, type ViaInit } from './via.js';
