import type { IncomingRequest } from '../core/incoming-request.js';
import type { SipStack } from '../core/sip-stack.js';
import { Dialog } from '../dialog/dialog.js';
import { CallSession } from './call-session.js';

/**
 * A call that arrived (an INVITE outside any dialog): the telephony layer rings, answers with SDP, rejects, or hangs
 * up. The INVITE server transaction behind it handles 100 Trying, retransmissions and CANCEL (RFC 3261 §9.2: a CANCEL
 * before the answer ends the call with 487 and a `failed` event).
 */
export class InboundCall extends CallSession {
  readonly localTag: string;

  constructor(
    stack: SipStack,
    readonly incoming: IncomingRequest,
    private readonly register: (call: InboundCall) => void,
    private readonly unregister: (call: InboundCall) => void,
  ) {
    super(stack);
    this.localTag = stack.newTag();
    incoming.onCancel(() => {
      if (this.state !== 'alerting' || incoming.answered) return;
      incoming.respond(487, 'Request Terminated', [], { toTag: this.localTag });
      this.state = 'terminated';
      this.events.emit('failed', 487, 'cancelled');
    });
    incoming.onNoAck(() => {
      // §13.3.1.4: no ACK for our 2xx within 64·T1: the session is ended with a BYE.
      if (this.state === 'connected') {
        this.sendBye();
      }
    });
  }

  get callId(): string {
    return this.incoming.request.callId;
  }

  /** The SDP offer of the INVITE (empty when the caller made none). */
  get offer(): string {
    return this.incoming.request.body.toString('utf8');
  }

  ringing(): void {
    if (this.state !== 'alerting' || this.incoming.answered) return;
    this.incoming.respond(180, 'Ringing', [['Contact', this.contactHeader(this.incoming)]], { toTag: this.localTag });
  }

  /** Answers with our SDP; the dialog exists from now on (confirmed by the ACK). */
  answer(sdp: string): void {
    if (this.state !== 'alerting' || this.incoming.answered) throw new Error(`cannot answer a call in state ${this.state}`);
    this.localSdp = sdp;
    this.dialog = Dialog.asUas(this.incoming.request, this.localTag, this.incoming.source.transport);
    this.register(this);
    this.state = 'connected';
    this.incoming.respond(200, 'OK', [['Contact', this.contactHeader(this.incoming)], ['Content-Type', 'application/sdp'], ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE']], {
      toTag: this.localTag,
      body: sdp,
    });
    this.events.emit('connected', this.offer);
  }

  /** Refuses the call (486 busy, 603 decline, 480 unavailable, 488 for an unacceptable offer, ...). */
  reject(status: number, reason?: string): void {
    if (this.state !== 'alerting' || this.incoming.answered) return;
    this.incoming.respond(status, reason, [], { toTag: this.localTag });
    this.state = 'terminated';
  }

  /** Ends the call: BYE when connected, 480 while still ringing. */
  hangup(): void {
    if (this.state === 'connected') this.sendBye();
    else this.reject(480, 'Temporarily Unavailable');
  }

  protected onEnded(): void {
    this.unregister(this);
  }
}
