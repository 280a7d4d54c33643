import type { OutgoingRequest, SipStack } from '../core/sip-stack.js';
import { Dialog } from '../dialog/dialog.js';
import { SipRequest, type SipResponse } from '../message/index.js';
import type { TransportAddress } from '../transport/transport-address.js';
import { callFailureFor } from '../call/failure-code.js';
import { CallSession } from './call-session.js';

export interface OutboundCallOptions {
  /** Request-URI and To, e.g. `sip:+14155550123@carrier.example` or `sip:alice@10.0.0.5:5060`. */
  to: string;
  /** Where the INVITE goes (the trunk's address, or the registered contact's flow). */
  target: TransportAddress;
  /** From (our identity and caller ID), e.g. `"Contact center" <sip:+18005550100@holdless>`. */
  from: string;
  sdp: string;
  headers?: Array<[string, string]>;
}

/**
 * A call we place: INVITE with our SDP offer; `ringing` / `progress` (early media) / `connected` with the answer, or
 * `failed` with the SIP status mapped to VoxEngine's codes. `cancel()` before the answer, `hangup()` after.
 */
export class OutboundCall extends CallSession {
  private outgoing: OutgoingRequest | undefined;
  private invite: SipRequest | undefined;

  constructor(
    stack: SipStack,
    private readonly options: OutboundCallOptions,
    private readonly register: (call: OutboundCall) => void,
    private readonly unregister: (call: OutboundCall) => void,
  ) {
    super(stack);
    this.localSdp = options.sdp;
  }

  start(): void {
    const { to, from, target, sdp } = this.options;
    const local = this.stack.localAddress(target.transport);
    const host = local.address.includes(':') ? `[${local.address}]` : local.address;
    const invite = new SipRequest({
      method: 'INVITE',
      requestUri: to,
      headers: [
        ['From', `${from};tag=${this.stack.newTag()}`],
        ['To', `<${to}>`],
        ['Call-ID', this.stack.newCallId()],
        ['CSeq', '1 INVITE'],
        ['Contact', `<sip:holdless@${host}:${local.port}${target.transport === 'tcp' ? ';transport=tcp' : ''}>`],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE'],
        ['Content-Type', 'application/sdp'],
        ...(this.options.headers ?? []),
      ],
      body: sdp,
    });
    this.invite = invite;
    this.outgoing = this.stack.request(invite, target, {
      onResponse: (res) => this.onResponse(res),
      onFailure: () => this.fail(0),
    });
  }

  get callId(): string {
    return this.invite?.callId ?? '';
  }

  /** Gives up before the answer (CANCEL, §9.1); the call then fails with 487. */
  cancel(): void {
    if (this.state === 'alerting' || this.state === 'progressing') this.outgoing?.cancel();
  }

  hangup(): void {
    if (this.state === 'connected') this.sendBye();
    else this.cancel();
  }

  /** A 2xx that reached the user agent outside the transaction (a retransmission): ACK it again (§13.2.2.4). */
  resendAck(): void {
    const dialog = this.dialog;
    if (dialog) this.stack.sendStateless(dialog.createRequest('ACK'), dialog.nextHop());
  }

  private onResponse(res: SipResponse): void {
    if (res.status < 200) {
      if (this.state === 'terminated' || res.status === 100) return;
      const sdp = res.body.toString('utf8');
      if (this.state === 'alerting') this.state = 'progressing';
      if (sdp) this.events.emit('progress', sdp);
      else this.events.emit('ringing');
      return;
    }
    if (res.status < 300) {
      if (this.dialog) {
        this.resendAck(); // a retransmitted 2xx: our ACK was lost
        return;
      }
      if (this.state === 'terminated') return;
      const dialog = Dialog.asUac(this.invite!, res, this.options.target.transport);
      this.dialog = dialog;
      this.register(this);
      this.state = 'connected';
      this.resendAck();
      this.events.emit('connected', res.body.toString('utf8'));
      return;
    }
    this.fail(res.status);
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
}
