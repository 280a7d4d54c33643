/** Limits and defaults of the config that more than one config module needs. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;
export const OPERATOR_PASSWORD_MIN_LENGTH = 6;
export const DEFAULT_SIP_PORT = 5060;
export const DEFAULT_RTP_PORTS = Object.freeze({ min: 20000, max: 29999 });
/** media.rtpHost when neither a specific sip.listen host nor sip.publicAddress gives one. */
export const FALLBACK_RTP_HOST = '127.0.0.1';
