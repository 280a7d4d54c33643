import type { DigestAttempt, DigestClient } from '../auth/index.js';
import { callFailureFor } from '../call/failure-code.js';
import type { OutgoingRequest, SipStack } from '../core/sip-stack.js';
import { Dialog } from '../dialog/dialog.js';
import { ParseError, SipRequest, type SipResponse } from '../message/index.js';
import type { SessionTimerPolicy } from '../session/session-timer-negotiation.js';
import { readUacSessionTimer } from '../session/session-timer-negotiation.js';
import type { Flow, TransportAddress } from '../transport/transport-address.js';
import { allows, CallSession, contactFor } from './call-session.js';

/** Where an outbound call was sent, for the telephony layer and logs. */
export type CallDestination =
  /** Through a trunk; `trunkState` is its keep-alive state when the call was placed (a down trunk is still tried). */
  | { kind: 'trunk'; trunk: string; trunkState: 'unknown' | 'up' | 'down' }
  /** To a registered contact of an operator. */
  | { kind: 'user'; username: string; contact: string }
  | { kind: 'uri' };

export interface OutboundCallOptions {
  /** Request-URI and To, e.g. `sip:+14155550123@carrier.example` or `sip:alice@10.0.0.5:5060`. */
  to: string;
  /** Where the INVITE goes (the trunk's address, or the registered contact's flow). */
  target: TransportAddress | Flow;
  /** From (our identity and caller ID), e.g. `"Contact center" <sip:+18005550100@holdless>`. */
  from: string;
  sdp: string;
  headers?: Array<[string, string]>;
  /** The To header when it differs from the Request-URI (a registered contact: To is the address of record). */
  toHeader?: string;
  /** Answers 401/407 challenges to the INVITE once (RFC 3261 §22.2) with these credentials (a trunk's). */
  credentials?: DigestClient | undefined;
  /** Send in-dialog requests on the target flow instead of the Contact of the 2xx (a phone behind NAT). */
  useTargetFlow?: boolean;
  sessionTimers?: SessionTimerPolicy | undefined;
  destination?: CallDestination;
}

/**
 * A call we place: INVITE with our SDP offer; `ringing` / `progress` (early media) / `connected` with the answer, or
 * `failed` with the SIP status mapped to VoxEngine's codes. `cancel()` before the answer, `hangup()` after.
 *
 * A 401 or 407 is answered once with the configured credentials (RFC 3261 §22.2: "the client SHOULD retry the
 * request with credentials"): a new INVITE with the same Call-ID, From tag and To, the next CSeq (§8.1.3.5), and
 * Authorization or Proxy-Authorization to match the challenge header. A second challenge means the credentials were
 * refused (unless it only says the nonce was stale, which earns one more try, RFC 2617 §3.2.1); the call fails with
 * the challenge's status (VoxEngine code 603).
 */
export class OutboundCall extends CallSession {
  private outgoing: OutgoingRequest | undefined;
  private invite: SipRequest | undefined;
  private attempt: DigestAttempt | undefined;
  private cancelRequested = false;
  readonly destination: CallDestination;
  private readonly fromTag: string;
  private readonly id: string;

  constructor(
    stack: SipStack,
    private readonly options: OutboundCallOptions,
    private readonly register: (call: OutboundCall) => void,
    private readonly unregister: (call: OutboundCall) => void,
  ) {
    super(stack, options.sessionTimers);
    this.localSdp = options.sdp;
    this.destination = options.destination ?? { kind: 'uri' };
    this.fromTag = stack.newTag();
    this.id = stack.newCallId();
  }

  start(): void {
    this.send(1, []);
  }

  get callId(): string {
    return this.id;
  }

  /** Gives up before the answer (CANCEL, §9.1); the call then fails with 487. */
  cancel(): void {
    if (this.state !== 'alerting' && this.state !== 'progressing') return;
    this.cancelRequested = true;
    this.outgoing?.cancel();
  }

  hangup(): void {
    if (this.state === 'connected') this.sendBye();
    else this.cancel();
  }

  /** A 2xx that reached the user agent outside the transaction (a retransmission): ACK it again (§13.2.2.4). */
  resendAck(): void {
    const dialog = this.dialog;
    if (dialog && this.invite) this.stack.sendStateless(dialog.createRequest('ACK', [], undefined, this.invite.cseq.seq), dialog.nextHop());
  }

  private send(cseq: number, auth: Array<[string, string]>): void {
    const { to, from, target, sdp } = this.options;
    const invite = new SipRequest({
      method: 'INVITE',
      requestUri: to,
      headers: [
        ['From', `${from};tag=${this.fromTag}`],
        ['To', this.options.toHeader ?? `<${to}>`],
        ['Call-ID', this.id],
        ['CSeq', `${cseq} INVITE`],
        ['Contact', this.ourContact()],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE'],
        ...(this.options.sessionTimers ? [['Supported', 'timer'] as [string, string]] : []),
        ['Content-Type', 'application/sdp'],
        ...auth,
        ...(this.options.headers ?? []),
      ],
      body: sdp,
    });
    this.invite = invite;
    this.outgoing = this.stack.request(invite, target, {
      onResponse: (res) => this.onResponse(res, invite),
      onFailure: () => this.fail(0),
    });
  }

  private onResponse(res: SipResponse, invite: SipRequest): void {
    if (invite !== this.invite) return; // a late answer to an INVITE we already re-sent with credentials
    if (res.status < 200) {
      if (this.state === 'terminated' || res.status === 100) return;
      const sdp = res.body.toString('utf8');
      if (this.state === 'alerting') this.state = 'progressing';
      if (sdp) this.events.emit('progress', sdp);
      else this.events.emit('ringing');
      return;
    }
    if (res.status < 300) {
      this.onSuccess(res, invite);
      return;
    }
    if (res.status === 401 || res.status === 407) {
      if (this.cancelRequested) return this.fail(487); // we gave up while the challenge was on its way
      if (this.retryWithCredentials(res, invite)) return;
    }
    this.fail(res.status);
  }

  private onSuccess(res: SipResponse, invite: SipRequest): void {
    if (this.dialog) {
      this.resendAck(); // a retransmitted 2xx: our ACK was lost
      return;
    }
    if (this.state === 'terminated') return;
    const flow = this.options.useTargetFlow ? this.options.target : undefined;
    this.dialog = Dialog.asUac(invite, res, this.options.target.transport, flow);
    this.register(this);
    this.state = 'connected';
    this.peerAllowsUpdate = allows(res, 'UPDATE');
    this.resendAck();
    if (this.options.sessionTimers) {
      try {
        const timer = readUacSessionTimer(res);
        if (timer) this.sessionTimer.start(timer.seconds, timer.weRefresh);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e; // a malformed Session-Expires: no session timer
      }
    }
    this.events.emit('connected', res.body.toString('utf8'));
  }

  /** Re-sends the INVITE with credentials for a 401/407; false when we have none or they were refused. */
  private retryWithCredentials(res: SipResponse, invite: SipRequest): boolean {
    const credentials = this.options.credentials;
    if (!credentials || this.cancelRequested || this.state === 'terminated') return false;
    this.attempt ??= credentials.begin({ method: 'INVITE', uri: invite.requestUriText, body: this.options.sdp });
    const proxy = res.status === 407;
    const answer = this.attempt.onChallenge(res.headers.getAll(proxy ? 'proxy-authenticate' : 'www-authenticate'));
    if (!answer.ok) return false;
    // §22.2 / §22.3: Authorization answers WWW-Authenticate, Proxy-Authorization answers Proxy-Authenticate.
    this.send(invite.cseq.seq + 1, [[proxy ? 'Proxy-Authorization' : 'Authorization', answer.authorization]]);
    return true;
  }

  private fail(status: number): void {
    if (this.state === 'terminated' || this.state === 'connected') return;
    this.state = 'terminated';
    const f = callFailureFor(status);
    this.events.emit('failed', f.code, f.reason);
  }

  protected onEnded(): void {
    this.unregister(this);
  }

  protected ourContact(): string {
    return contactFor(this.stack.localAddress(this.options.target.transport));
  }
}
