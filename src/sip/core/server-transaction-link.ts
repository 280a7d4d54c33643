import { makeResponse, type SipRequest, type SipResponse } from '../message/index.js';
import type { InviteServerCallbacks } from '../transaction/invite-server-transaction.js';
import type { InviteServerTransaction } from '../transaction/invite-server-transaction.js';
import type { NonInviteServerCallbacks, NonInviteServerTransaction } from '../transaction/non-invite-server-transaction.js';
import type { TransportAddress } from '../transport/transport-address.js';
import type { IncomingRequest } from './incoming-request.js';
import { keptBytes, toWire, type WireResponse } from './wire-response.js';

/** An ACK as it arrived, for the TU (RFC 6026 §7.1: the ACK for a 2xx that matched an INVITE in Accepted). */
export interface AckArrival {
  readonly ack: SipRequest;
  readonly source: TransportAddress;
}

export type ServerTx = InviteServerTransaction<WireResponse, AckArrival> | NonInviteServerTransaction<WireResponse>;

/** Something to tell when a send fails (RFC 3261 §17.1.4, §17.2.4): a transaction. */
export interface TransportErrorSink {
  transportError(): void;
}

/** What a server transaction's link needs from the stack. */
export interface ServerLinkHost {
  transmit(bytes: Uint8Array, to: TransportAddress, connectionId: string | undefined, onError?: TransportErrorSink): void;
  /** An ACK for a 2xx reached the TU (stop the 2xx retransmission, tell the handler). */
  ackArrived(arrival: AckArrival): void;
  /** The TU sent a 2xx to an INVITE over UDP: retransmit it until the ACK (RFC 3261 §13.3.1.4). */
  retransmitSuccess(response: SipResponse, tx: ServerTx, wire: WireResponse, incoming: IncomingRequest): void;
  failed(key: string | undefined, why: string): void;
  forgetServer(key: string | undefined, link: ServerTransactionLink): void;
}

/**
 * Joins one server transaction to the stack and to its TU, holding only what the transaction's current state needs:
 * while the TU has not answered, the request (for 100 Trying and CANCEL); from the final response on, only where
 * responses go and the transaction's key. The serialized response itself is the transaction's `last`. So a
 * transaction in Completed, Confirmed or Accepted (up to 32 s on UDP) keeps a few hundred bytes, not the parsed
 * request, the TU's objects and their closures.
 */
export class ServerTransactionLink implements InviteServerCallbacks<WireResponse, AckArrival>, NonInviteServerCallbacks<WireResponse> {
  tx!: ServerTx;
  /** The request as the TU sees it, until the TU's final response: CANCEL marks it, 100 Trying is built from it. */
  incoming: IncomingRequest | undefined;

  constructor(
    private readonly host: ServerLinkHost,
    readonly key: string | undefined,
    /** Where responses go (RFC 3261 §18.2.2, RFC 3581), decided once from the request's top Via. */
    private readonly to: TransportAddress,
    private readonly connectionId: string | undefined,
    private readonly reliable: boolean,
    private readonly invite: boolean,
  ) {}

  /** The TU's response to the request (through {@link IncomingRequest.send}). */
  respond(response: SipResponse): void {
    const final = response.status >= 200;
    const incoming = this.incoming;
    if (final) this.incoming = undefined;
    const success = response.status >= 200 && response.status < 300;
    let wire = toWire(response);
    // Bytes the transaction keeps for a wait state (Completed: Timer G/H, or J) get a buffer of their own.
    if (final && !this.reliable && !(this.invite && success)) wire = { status: wire.status, bytes: keptBytes(wire.bytes) };
    this.tx.respond(wire);
    // The first 2xx only: the UAS core retransmits it itself (a TU's later 2xx is not a new answer).
    if (this.invite && success && !this.reliable && incoming) this.host.retransmitSuccess(response, this.tx, wire, incoming);
  }

  send(response: WireResponse): void {
    this.host.transmit(response.bytes, this.to, this.connectionId, this.tx);
  }

  trying(): WireResponse {
    // The transaction asks only while in Proceeding, where the TU has not answered yet and `incoming` is set.
    return toWire(makeResponse(this.incoming!.request, 100, 'Trying'));
  }

  onAck(arrival: AckArrival): void {
    this.host.ackArrived(arrival);
  }

  onFailure(reason: 'no-ack' | 'transport-error'): void {
    this.host.failed(this.key, reason);
  }

  onTerminated(): void {
    this.incoming = undefined;
    this.host.forgetServer(this.key, this);
  }
}
