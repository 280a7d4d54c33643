import type { HeaderInit, MakeResponseOptions, SipRequest, SipResponse } from '../message/index.js';
import { makeResponse } from '../message/index.js';
import type { TransportAddress } from '../transport/transport-address.js';

/**
 * A request handed to the transaction user (the UA core): answer it through {@link respond}; the server transaction
 * behind it retransmits, absorbs duplicates and times out as RFC 3261 §17.2 says.
 */
export class IncomingRequest {
  private cancelListeners: Array<() => void> = [];
  private noAckListeners: Array<() => void> = [];
  private finalSent = false;
  cancelled = false;

  constructor(
    readonly request: SipRequest,
    readonly source: TransportAddress,
    readonly local: TransportAddress,
    readonly connectionId: string | undefined,
    private readonly sendThroughTransaction: (response: SipResponse) => void,
  ) {}

  get method(): string {
    return this.request.method;
  }

  /** True once a final (non-1xx) response has been sent. */
  get answered(): boolean {
    return this.finalSent;
  }

  respond(status: number, reason?: string, headers?: HeaderInit, options?: MakeResponseOptions): SipResponse {
    const response = makeResponse(this.request, status, reason, headers, options);
    this.send(response);
    return response;
  }

  /** Sends a response built by the caller (it must copy Via, From, To, Call-ID and CSeq: use makeResponse). */
  send(response: SipResponse): void {
    if (response.status >= 200) this.finalSent = true;
    this.sendThroughTransaction(response);
  }

  /** Called when a CANCEL for this INVITE arrived (RFC 3261 §9.2); the TU should then answer 487. */
  onCancel(listener: () => void): void {
    if (this.cancelled) listener();
    else this.cancelListeners.push(listener);
  }

  /** Called when a 2xx to this INVITE got no ACK within 64·T1 (§13.3.1.4): the TU should send BYE. */
  onNoAck(listener: () => void): void {
    this.noAckListeners.push(listener);
  }

  /** @internal */
  markNoAck(): void {
    for (const l of this.noAckListeners.splice(0)) l();
  }

  /** @internal the stack marks the request cancelled. */
  markCancelled(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const l of this.cancelListeners.splice(0)) l();
  }
}
