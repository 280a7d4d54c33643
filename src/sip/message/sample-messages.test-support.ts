/**
 * Typical messages for tests and bench:sip-parse: an INVITE from a carrier trunk with an SDP offer, and the 200 OK
 * holdless answers it with.
 */

const crlf = (lines: string[]): string => lines.join('\r\n');

export const TRUNK_SDP_OFFER = crlf([
  'v=0',
  'o=- 1702031234 1702031234 IN IP4 198.51.100.20',
  's=Trunk Call',
  'c=IN IP4 198.51.100.20',
  't=0 0',
  'm=audio 17540 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
]);

export const SDP_ANSWER = crlf([
  'v=0',
  'o=holdless 3912034 3912034 IN IP4 203.0.113.10',
  's=holdless',
  'c=IN IP4 203.0.113.10',
  't=0 0',
  'm=audio 40000 RTP/AVP 8 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
]);

export const TRUNK_INVITE = crlf([
  'INVITE sip:+4930123456@203.0.113.10:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---a5c7b0e3f1d2c4b6;rport',
  'Max-Forwards: 69',
  'From: "+49301234567" <sip:+49301234567@198.51.100.20>;tag=as6f8c2a1b',
  'To: <sip:+4930123456@203.0.113.10>',
  'Call-ID: 4f2b8c1e7d3a9f60273c5e1b@198.51.100.20',
  'CSeq: 102 INVITE',
  'Contact: <sip:+49301234567@198.51.100.20:5060>',
  'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE',
  'Supported: replaces, timer',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(TRUNK_SDP_OFFER)}`,
  '',
  TRUNK_SDP_OFFER,
]);

export const INVITE_200_OK = crlf([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---a5c7b0e3f1d2c4b6;rport=5060;received=198.51.100.20',
  'From: "+49301234567" <sip:+49301234567@198.51.100.20>;tag=as6f8c2a1b',
  'To: <sip:+4930123456@203.0.113.10>;tag=hl-7f3a9c21',
  'Call-ID: 4f2b8c1e7d3a9f60273c5e1b@198.51.100.20',
  'CSeq: 102 INVITE',
  'Contact: <sip:queue@203.0.113.10:5060>',
  'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, INFO',
  'Supported: timer',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(SDP_ANSWER)}`,
  '',
  SDP_ANSWER,
]);
