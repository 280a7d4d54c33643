/**
 * A detected digit, as every DTMF source reports it: the RFC 4733 receiver and the in-band detector both emit these,
 * so the layers above need not care how the caller's phone signalled.
 */
import type { DtmfDigit } from './dtmf-digit.js';

export type DtmfMethod = 'rfc4733' | 'inband';

export interface DtmfEvent {
  digit: DtmfDigit;
  method: DtmfMethod;
  /** When the digit began, in the caller's clock (ms): the arrival of its first packet, or its first tone sample. */
  at: number;
}
