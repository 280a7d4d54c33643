/**
 * SIP Digest authentication (RFC 3261 §22 with RFC 2617, RFC 7616 and RFC 8760): header values, the digest
 * computation, the server (registrar / UAS) and the client (towards trunks). See docs/sip-auth.md.
 */
export { AuthError, AuthParseError, AuthValueError } from './auth-errors.js';
export {
  type AuthHeaderValue,
  type AuthParam,
  parseAuthHeaderValue,
  quoteString,
  serializeAuthHeaderValue,
  serializeAuthParam,
} from './auth-params.js';
export {
  type DigestAlgorithm,
  digestAlgorithm,
  type DigestAlgorithmName,
  type DigestHash,
  hashHex,
} from './digest-algorithm.js';
export { DigestAttempt, type DigestAttemptFailureReason, type DigestAttemptResult } from './digest-attempt.js';
export { type DigestChallenge, parseDigestChallenge, serializeDigestChallenge } from './digest-challenge.js';
export { DigestClient, type DigestClientOptions } from './digest-client.js';
export { type DigestCredentials, parseDigestCredentials, serializeDigestCredentials } from './digest-credentials.js';
export type { DigestRequest } from './digest-request.js';
export { computeDigestResponse, computeHa1, type DigestResponseInput, digestsEqual } from './digest-response.js';
export {
  type DigestFailureReason,
  type DigestSecret,
  type DigestSecretLookup,
  DigestServer,
  type DigestServerOptions,
  type DigestVerifyResult,
  type ServerAlgorithm,
} from './digest-server.js';
export { NonceCountWindow, type NonceCountVerdict } from './nonce-count-window.js';
export { type NonceCheck, NonceSigner } from './signed-nonce.js';
