import type { IncomingRequest } from '../core/incoming-request.js';
import type { SipStack } from '../core/sip-stack.js';
import { Dialog } from '../dialog/dialog.js';
import type { SessionTimerPolicy, UasSessionTimer } from '../session/session-timer-negotiation.js';
import type { Flow } from '../transport/transport-address.js';
import { allows, CallSession, contactFor } from './call-session.js';

/** Who placed an inbound call, as the user agent established it (docs/sip.md, "Who may call in"). */
export type CallOrigin =
  /** An INVITE from an allowed source address of this trunk (no digest). */
  | { kind: 'trunk'; trunk: string }
  /** An INVITE digest-authenticated as this operator (a SIP phone). */
  | { kind: 'user'; username: string }
  /** Neither: only when the user agent accepts calls from anywhere (no trunks and no operators configured). */
  | { kind: 'anonymous' };

export interface InboundCallOptions {
  origin?: CallOrigin;
  /** The session timer the INVITE negotiated (RFC 4028 §9), applied when we answer. */
  sessionTimer?: UasSessionTimer;
  sessionTimers?: SessionTimerPolicy | undefined;
  /** Send in-dialog requests to this flow instead of the Contact (a phone behind NAT). */
  flow?: Flow | undefined;
  /** Our To tag, when the user agent already chose one for this INVITE. */
  localTag?: string | undefined;
}

/**
 * A call that arrived (an INVITE outside any dialog): the telephony layer rings, answers with SDP, rejects, or hangs
 * up. The INVITE server transaction behind it handles 100 Trying, retransmissions and CANCEL (RFC 3261 §9.2: a CANCEL
 * before the answer ends the call with 487 and a `failed` event).
 */
export class InboundCall extends CallSession {
  readonly localTag: string;
  readonly origin: CallOrigin;

  constructor(
    stack: SipStack,
    readonly incoming: IncomingRequest,
    private readonly register: (call: InboundCall) => void,
    private readonly unregister: (call: InboundCall) => void,
    private readonly options: InboundCallOptions = {},
  ) {
    super(stack, options.sessionTimers);
    this.localTag = options.localTag ?? stack.newTag();
    this.origin = options.origin ?? { kind: 'anonymous' };
    this.peerAllowsUpdate = allows(incoming.request, 'UPDATE');
    incoming.onCancel(() => {
      if (this.state !== 'alerting' || incoming.answered) return;
      incoming.respond(487, 'Request Terminated', [], { toTag: this.localTag });
      this.state = 'terminated';
      this.events.emit('failed', 487, 'cancelled');
    });
    incoming.onNoAck(() => {
      // §13.3.1.4: no ACK for our 2xx within 64·T1: the session is ended with a BYE.
      if (this.state === 'connected') this.sendBye('timeout');
    });
  }

  get callId(): string {
    return this.incoming.request.callId;
  }

  /** The operator who placed the call from a SIP phone (digest-authenticated), if it came from one. */
  get username(): string | undefined {
    return this.origin.kind === 'user' ? this.origin.username : undefined;
  }

  /** The trunk the call came in through, if it came from a carrier. */
  get trunk(): string | undefined {
    return this.origin.kind === 'trunk' ? this.origin.trunk : undefined;
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
    this.dialog = Dialog.asUas(this.incoming.request, this.localTag, this.incoming.source.transport, this.options.flow);
    this.register(this);
    this.state = 'connected';
    const timer = this.options.sessionTimer;
    const headers: Array<[string, string]> = [
      ['Contact', this.contactHeader(this.incoming)],
      ['Content-Type', 'application/sdp'],
      ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE'],
    ];
    if (this.sessionTimers) headers.push(['Supported', 'timer']);
    if (timer?.kind === 'use') headers.push(...timer.headers);
    this.incoming.respond(200, 'OK', headers, { toTag: this.localTag, body: sdp });
    // RFC 4028 §10: the session timer runs from the 2xx.
    if (timer?.kind === 'use') this.sessionTimer.start(timer.seconds, timer.weRefresh);
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

  protected ourContact(): string {
    return contactFor(this.incoming.local);
  }
}
