import { SipRequest, type NameAddr, type SipResponse } from '../message/index.js';
import { isSipUri, type Uri } from '../uri/uri.js';
import type { Flow, SipTransportName } from '../transport/transport-address.js';

/**
 * A dialog, RFC 3261 §12: the peer-to-peer relationship an INVITE's 2xx creates. It keeps the identifiers
 * (Call-ID, local and remote tags), the sequence numbers, the remote target and the route set, and builds the
 * requests sent inside it (§12.2.1.1).
 *
 * ```
 *  UAS: INVITE in ──2xx out──► early/confirmed (remote target = request Contact, route set = Record-Route as is)
 *  UAC: INVITE out ──2xx in──► confirmed       (remote target = response Contact, route set = Record-Route reversed)
 *  either side: BYE ──► terminated
 * ```
 */
export type DialogState = 'confirmed' | 'terminated';

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export class Dialog {
  state: DialogState = 'confirmed';
  /** The last CSeq we used; the next in-dialog request takes localSeq + 1 (§12.2.1.1). */
  localSeq: number;
  /** The highest CSeq received from the peer; lower ones are refused with 500 (§12.2.2). */
  remoteSeq: number | undefined;

  private constructor(
    readonly id: DialogId,
    readonly localUri: NameAddr,
    readonly remoteUri: NameAddr,
    public remoteTarget: Uri,
    readonly routeSet: readonly NameAddr[],
    localSeq: number,
    remoteSeq: number | undefined,
    /** The transport the dialog's requests use (that of the INVITE). */
    readonly transport: SipTransportName,
    /**
     * The flow to send in-dialog requests on when there is no route set: a phone behind NAT is reached where its
     * requests come from, not at the private address of its Contact (RFC 3581 §4 symmetric routing; RFC 5626 §5).
     * Undefined: the remote target's address (RFC 3261 §12.2.1.1).
     */
    readonly flow?: Flow | undefined,
  ) {
    this.localSeq = localSeq;
    this.remoteSeq = remoteSeq;
  }

  static key(id: DialogId): string {
    return `${id.callId}\u0000${id.localTag}\u0000${id.remoteTag}`;
  }

  get key(): string {
    return Dialog.key(this.id);
  }

  /** The UAS side, from the INVITE and the 2xx we send (§12.1.1). */
  static asUas(invite: SipRequest, localTag: string, transport: SipTransportName, flow?: Flow): Dialog {
    const contact = invite.contacts[0];
    if (!contact) throw new Error('an INVITE that creates a dialog must carry a Contact (§8.1.1.8)');
    return new Dialog(
      { callId: invite.callId, localTag, remoteTag: invite.from.tag ?? '' },
      invite.to.withTag(localTag),
      invite.from,
      contact.uri,
      [...invite.recordRoutes],
      // §12.1.1: "The local sequence number MUST be empty"; we start our own numbering at a random-free 0.
      0,
      invite.cseq.seq,
      transport,
      flow,
    );
  }

  /** The UAC side, from our INVITE and the 2xx it got (§12.1.2). */
  static asUac(invite: SipRequest, response: SipResponse, transport: SipTransportName, flow?: Flow): Dialog {
    const contact = response.contacts[0];
    return new Dialog(
      { callId: invite.callId, localTag: invite.from.tag ?? '', remoteTag: response.to.tag ?? '' },
      invite.from,
      response.to,
      contact?.uri ?? invite.requestUri,
      [...response.recordRoutes].reverse(),
      invite.cseq.seq,
      undefined,
      transport,
      flow,
    );
  }

  /** Builds a request inside the dialog (§12.2.1.1). The stack adds Via and Max-Forwards. */
  createRequest(method: string, extraHeaders: Array<[string, string]> = [], body?: string | Uint8Array, ackSeq?: number): SipRequest {
    // ACK for a 2xx reuses the INVITE's CSeq number (§13.2.2.4); everything else takes the next one.
    const seq = method === 'ACK' ? (ackSeq ?? this.localSeq) : ++this.localSeq;
    const headers: Array<[string, string]> = [
      ['From', this.localUri.toString()],
      ['To', this.remoteUri.toString()],
      ['Call-ID', this.id.callId],
      ['CSeq', `${seq} ${method}`],
    ];
    // §12.2.1.1: with a loose-routing first route (lr), the Request-URI is the remote target and every route is
    // listed; strict routing (RFC 2543) is not supported.
    for (const r of this.routeSet) headers.push(['Route', r.toString()]);
    headers.push(...extraHeaders);
    return new SipRequest({ method, requestUri: this.remoteTarget, headers, ...(body === undefined ? {} : { body }) });
  }

  /**
   * Checks an in-dialog request's CSeq (§12.2.2): lower than the last one seen → false (answer 500). Updates the
   * remote sequence number and, for a target refresh (re-INVITE), the remote target.
   */
  acceptRemote(request: SipRequest): boolean {
    const seq = request.cseq.seq;
    if (request.method !== 'ACK' && request.method !== 'CANCEL') {
      if (this.remoteSeq !== undefined && seq < this.remoteSeq) return false;
      this.remoteSeq = seq;
    }
    if (request.method === 'INVITE' || request.method === 'UPDATE') {
      const contact = request.contacts[0];
      if (contact) this.remoteTarget = contact.uri; // §12.2.2: target refresh requests update the remote target
    }
    return true;
  }

  /** Where in-dialog requests go: the first route's address, else the flow, else the remote target (IP literals). */
  nextHop(): Flow {
    if (this.routeSet.length === 0 && this.flow) return this.flow;
    const uri = this.routeSet[0]?.uri ?? this.remoteTarget;
    if (!isSipUri(uri)) throw new Error(`cannot send to a ${uri.kind} URI`);
    const host = uri.host.replace(/^\[|\]$/g, '');
    return { transport: this.transport, address: host, port: uri.port ?? 5060 };
  }
}
