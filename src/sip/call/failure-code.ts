/**
 * The reasons VoxEngine scenarios see in `CallEvents.Failed {code, reason}` (VOXENGINE.md): a small, stable set, so
 * scenarios can branch on them without knowing SIP.
 */
export type CallFailureCode = 404 | 408 | 480 | 486 | 487 | 603;

export interface CallFailure {
  code: CallFailureCode;
  reason: string;
  /** The SIP status the far end actually sent (0 when no response came at all). */
  sipStatus: number;
}

const REASONS: Record<CallFailureCode, string> = {
  404: 'Invalid number',
  408: 'No answer',
  480: 'Temporarily unavailable',
  486: 'Busy',
  487: 'Cancelled',
  603: 'Rejected',
};

/**
 * Maps a final SIP status of an outgoing call (or 0 for a transaction timeout, RFC 3261 §17.1.1.2 Timer B) to the
 * VoxEngine failure code. Unknown codes fall back by class (RFC 3261 §8.1.3.2: treat an unknown response as the x00
 * of its class).
 */
export function callFailureFor(sipStatus: number): CallFailure {
  const code = mapStatus(sipStatus);
  return { code, reason: REASONS[code], sipStatus };
}

function mapStatus(s: number): CallFailureCode {
  switch (s) {
    case 0:
    case 408:
      return 408; // no response, or Request Timeout: nobody answered in time
    case 486:
    case 600:
      return 486; // Busy Here / Busy Everywhere
    case 487:
      return 487; // Request Terminated: we cancelled
    case 404:
    case 410:
    case 484:
    case 485:
    case 604:
      return 404; // Not Found, Gone, Address Incomplete, Ambiguous, Does Not Exist Anywhere
    case 401:
    case 403:
    case 407:
    case 603:
    case 607:
    case 608:
      return 603; // Unauthorized / Proxy Auth Required (challenges we could not answer), Forbidden, Decline, ...
    default:
      return 480; // 480 itself, 5xx, and every other 4xx/6xx: unavailable for now
  }
}
