/** The parts of a SIP request that Digest authentication covers (RFC 3261 §22.4: A2 = Method ":" request-uri). */
export interface DigestRequest {
  /** The request method, e.g. `REGISTER` or `INVITE` (for ACK and CANCEL, RFC 3261 §22.1 reuses the INVITE's). */
  method: string;
  /** The Request-URI as sent, e.g. `sip:pbx.example.com`. */
  uri: string;
  /** The message body, only used with qop=auth-int. */
  body?: string;
}
