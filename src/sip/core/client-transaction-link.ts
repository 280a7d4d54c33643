import { serializeMessage, type SipRequest, type SipResponse } from '../message/index.js';
import type { InviteClientCallbacks, InviteClientTransaction } from '../transaction/invite-client-transaction.js';
import type { NonInviteClientCallbacks, NonInviteClientTransaction } from '../transaction/non-invite-client-transaction.js';
import type { TransactionFailure } from '../transaction/transaction-types.js';
import type { TransportAddress } from '../transport/transport-address.js';
import { buildAckForNonSuccess, buildCancel } from './ack-and-cancel.js';
import type { TransportErrorSink } from './server-transaction-link.js';

export type ClientTx = InviteClientTransaction<SipResponse> | NonInviteClientTransaction<SipResponse>;

export interface ClientCallbacks {
  onResponse(response: SipResponse): void;
  onFailure(reason: TransactionFailure): void;
}

/** What a client transaction's link needs from the stack. */
export interface ClientLinkHost {
  transmit(bytes: Uint8Array, to: TransportAddress, connectionId: string | undefined, onError?: TransportErrorSink): void;
  /** Sends a CANCEL in its own client transaction, keyed by the INVITE's branch (§9.1). */
  sendCancel(cancel: SipRequest, to: TransportAddress, branch: string): void;
  forgetClient(key: string, tx: ClientTx): void;
}

/**
 * Joins one client transaction to the stack and to its TU. Until the final response it holds the request (its bytes
 * for retransmission, the parsed form for CANCEL and the ACK) and the TU's callbacks. From Completed on (RFC 3261
 * §17.1.1.2 Timer D, 32 s; §17.1.2.2 Timer K) it keeps only the ACK's bytes (INVITE) and where they go; in Accepted
 * (RFC 6026 §7.2) the TU's callbacks stay, since retransmitted 2xx are passed up.
 */
export class ClientTransactionLink implements InviteClientCallbacks<SipResponse>, NonInviteClientCallbacks<SipResponse> {
  tx!: ClientTx;
  private request: SipRequest | undefined;
  private bytes: Uint8Array | undefined;
  private callbacks: ClientCallbacks | undefined;
  private ackBytes: Buffer | undefined;
  private provisionalSeen = false;
  private cancelWanted = false;

  constructor(
    private readonly host: ClientLinkHost,
    readonly key: string,
    readonly branch: string,
    request: SipRequest,
    bytes: Uint8Array,
    private readonly to: TransportAddress,
    private readonly connectionId: string | undefined,
    callbacks: ClientCallbacks,
  ) {
    this.request = request;
    this.bytes = bytes;
    this.callbacks = callbacks;
  }

  send(): void {
    if (this.bytes) this.host.transmit(this.bytes, this.to, this.connectionId, this.tx);
  }

  /** §17.1.1.3: the ACK for a 300-699, built once; retransmitted final responses get the same bytes again. */
  sendAck(response: SipResponse): void {
    if (!this.ackBytes) {
      if (!this.request) return;
      this.ackBytes = serializeMessage(buildAckForNonSuccess(this.request, response));
    }
    this.host.transmit(this.ackBytes, this.to, this.connectionId);
  }

  onResponse(response: SipResponse): void {
    const callbacks = this.callbacks;
    if (response.status < 200) {
      if (!this.provisionalSeen) {
        this.provisionalSeen = true;
        if (this.cancelWanted) this.sendCancel();
      }
    } else {
      // Completed or Accepted: the request will not be sent again, nor cancelled.
      this.request = undefined;
      this.bytes = undefined;
      // Completed (non-2xx to an INVITE, any final to a non-INVITE): nothing more goes up to the TU.
      if (this.tx.state === 'completed') this.callbacks = undefined;
    }
    callbacks?.onResponse(response);
  }

  onFailure(reason: TransactionFailure): void {
    this.callbacks?.onFailure(reason);
  }

  onTerminated(): void {
    this.request = undefined;
    this.bytes = undefined;
    this.callbacks = undefined;
    this.host.forgetClient(this.key, this.tx);
  }

  /** CANCEL for an INVITE (§9.1: only once a provisional response arrived; earlier calls wait for one). */
  cancel(): void {
    const state = this.tx.state;
    if (this.request?.method !== 'INVITE' || state === 'terminated' || state === 'completed' || state === 'accepted') return;
    // §9.1: "a CANCEL ... MUST NOT be sent ... until a provisional response has been received".
    if (this.provisionalSeen) this.sendCancel();
    else this.cancelWanted = true;
  }

  private sendCancel(): void {
    if (this.request) this.host.sendCancel(buildCancel(this.request), this.to, this.branch);
  }
}
