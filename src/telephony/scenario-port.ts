import type { RequestLinks, RequestLink } from './request-links.js';
import type { TelephonyCall } from './telephony-call.js';

/**
 * What the ACD glue needs from the scenario runtime, declared here so telephony/ does not import the layer above it
 * (ARCHITECTURE.md): which session owns a request, delivering ACD events to it, and handing it the operator's call.
 */
export interface ScenarioPort {
  readonly links: RequestLinks;
  /** Delivers an ACD event to the session owning `link`; false when that session is gone. */
  deliverAcd(link: RequestLink, event: string, data?: Record<string, unknown>): boolean;
  /** Gives the operator's call to the session owning `link`; its description for the event, or undefined. */
  adopt(link: RequestLink, call: TelephonyCall): Record<string, unknown> | undefined;
  sessionAlive(link: RequestLink): boolean;
  /** A live call with media of the session owning `link` (the caller): the operator's media goes next to it. */
  mediaPeerOfLink(link: RequestLink): TelephonyCall | undefined;
  /** Set by the glue: called when a session dials the customer of a callback whose operator waits. */
  onCustomerDial: ((link: RequestLink, call: TelephonyCall) => void) | undefined;
  /**
   * Set by the glue: a session ended after its callback's operator answered (OperatorReached) but before it dialed
   * the customer (it threw, or terminated): the built-in flow takes over, so the operator is not left waiting.
   */
  onCallbackOrphaned: ((link: RequestLink) => void) | undefined;
}
