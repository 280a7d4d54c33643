import type { IncomingRequest } from '../core/incoming-request.js';
import type { SipStack } from '../core/sip-stack.js';
import type { Dialog } from '../dialog/dialog.js';
import { Listeners } from '../events/listeners.js';
import { ParseError, type SipRequest } from '../message/index.js';
import { sendSessionRefresh } from '../session/session-refresh.js';
import { negotiateAsUas, type SessionTimerPolicy } from '../session/session-timer-negotiation.js';
import { SessionTimer } from '../session/session-timer.js';

export type CallState = 'alerting' | 'progressing' | 'connected' | 'terminated';

export interface CallEvents extends Record<string, unknown[]> {
  /** 180/183 from the far end (outbound). */
  ringing: [];
  /** Early media: a provisional response with SDP (outbound). */
  progress: [sdp: string];
  /** Connected: the remote SDP (outbound: the 2xx's answer; inbound: the INVITE's offer). */
  connected: [sdp: string];
  /** Failed before connecting: the SIP status and the VoxEngine code (outbound, or inbound cancelled). */
  failed: [status: number, reason: string];
  /** The call ended after connecting; `by` says who hung up (`timeout`: no ACK, or the session timer expired). */
  disconnected: [by: 'local' | 'remote' | 'timeout'];
  /** A re-INVITE from the far end (hold, resume, session refresh) with its SDP, already answered. */
  reinvite: [sdp: string];
  /** DTMF by SIP INFO (application/dtmf-relay), for peers that send it. */
  info: [request: SipRequest];
}

/**
 * What inbound and outbound calls share once a dialog exists: in-dialog requests from the far end (BYE, re-INVITE,
 * UPDATE, INFO, OPTIONS; RFC 3261 §12.2.2, §14, §15, RFC 3311), our own BYE (§15.1.1), and the session timer
 * (RFC 4028): refreshes from the far end re-arm it, our refreshes go out when we are the refresher, and a session
 * nobody refreshed ends with BYE.
 */
export abstract class CallSession {
  state: CallState = 'alerting';
  readonly events = new Listeners<CallEvents>();
  dialog: Dialog | undefined;
  /** Our current session description (sent in the 2xx, and again when answering a re-INVITE). */
  localSdp = '';
  /** The far end accepts UPDATE (its Allow listed it): session refreshes then go without SDP. */
  protected peerAllowsUpdate = false;
  protected readonly sessionTimer: SessionTimer;

  protected constructor(
    protected readonly stack: SipStack,
    /** Session timer policy (RFC 4028); undefined: session timers are not used on this call. */
    protected readonly sessionTimers: SessionTimerPolicy | undefined,
  ) {
    this.sessionTimer = new SessionTimer(stack.clock, {
      refresh: () => this.sendRefresh(),
      expire: () => this.sendBye('timeout'),
    });
  }

  /** The session interval in force (seconds) and whether we refresh it; undefined without a session timer. */
  get sessionInterval(): { seconds: number; weRefresh: boolean } | undefined {
    return this.sessionTimer.active;
  }

  /** An in-dialog request routed here by the user agent. */
  handleInDialog(incoming: IncomingRequest): void {
    const dialog = this.dialog;
    if (!dialog || !dialog.acceptRemote(incoming.request)) {
      incoming.respond(500, 'Server Internal Error', [['Retry-After', '1']]);
      return;
    }
    switch (incoming.method) {
      case 'BYE':
        incoming.respond(200, 'OK');
        this.end('remote');
        return;
      case 'INVITE':
      case 'UPDATE':
        this.answerTargetRefresh(incoming);
        return;
      case 'INFO':
        incoming.respond(200, 'OK');
        this.events.emit('info', incoming.request);
        return;
      case 'OPTIONS':
        incoming.respond(200, 'OK', [['Allow', ALLOW]]);
        return;
      default:
        incoming.respond(405, 'Method Not Allowed', [['Allow', ALLOW]]);
    }
  }

  /**
   * A re-INVITE or UPDATE keeps the session: answer with our description (RFC 3264 §8: same codec, our direction)
   * when the request made an offer (an UPDATE without a body is a pure refresh: RFC 3311 §5.2, no answer body; a
   * re-INVITE without one asks us for an offer, which is our current description). It is also a session refresh
   * (RFC 4028 §9 applies again).
   */
  private answerTargetRefresh(incoming: IncomingRequest): void {
    const req = incoming.request;
    const headers: Array<[string, string]> = [['Contact', this.contactHeader(incoming)]];
    let timer: ReturnType<typeof negotiateAsUas> = { kind: 'none' };
    if (this.sessionTimers) {
      try {
        timer = negotiateAsUas(req, this.sessionTimers);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        incoming.respond(400, `Bad Request (${e.message})`.slice(0, 120));
        return;
      }
      if (timer.kind === 'too-small') {
        incoming.respond(422, 'Session Interval Too Small', [['Min-SE', String(timer.minSe)]]);
        return;
      }
      if (timer.kind === 'use') headers.push(['Supported', 'timer'], ...timer.headers);
    }
    const sdp = req.body.toString('utf8');
    const withBody = incoming.method === 'INVITE' || sdp.length > 0;
    if (withBody) headers.push(['Content-Type', 'application/sdp']);
    incoming.respond(200, 'OK', headers, withBody ? { body: this.localSdp } : {});
    if (timer.kind === 'use') this.sessionTimer.start(timer.seconds, timer.weRefresh);
    else if (this.sessionTimers) this.sessionTimer.stop(); // RFC 4028 §9: a refresh without timer turns it off
    if (sdp) this.events.emit('reinvite', sdp);
  }

  /** We are the refresher and half the interval has passed: refresh (RFC 4028 §10). */
  private sendRefresh(): void {
    const dialog = this.dialog;
    const active = this.sessionTimer.active;
    if (!dialog || this.state !== 'connected' || !active) return;
    const contact = this.ourContact();
    sendSessionRefresh(this.stack, dialog, { method: this.peerAllowsUpdate ? 'UPDATE' : 'INVITE', seconds: active.seconds, sdp: this.localSdp, contact }, (outcome) => {
      if (this.state !== 'connected') return;
      switch (outcome.kind) {
        case 'refreshed':
          this.sessionTimer.start(outcome.seconds, outcome.weRefresh);
          return;
        case 'timer-off':
          this.sessionTimer.stop();
          return;
        case 'dialog-gone':
          this.sendBye('timeout');
          return;
        case 'refused':
          this.sessionTimer.start(active.seconds, true);
      }
    });
  }

  /** Hangs up a connected call with BYE (§15.1.1); the dialog ends whatever the answer. */
  protected sendBye(by: 'local' | 'timeout' = 'local'): void {
    const dialog = this.dialog;
    if (!dialog || dialog.state === 'terminated') return;
    const bye = dialog.createRequest('BYE');
    this.stack.request(bye, dialog.nextHop(), { onResponse: () => undefined, onFailure: () => undefined });
    this.end(by);
  }

  protected end(by: 'local' | 'remote' | 'timeout'): void {
    if (this.state === 'terminated') return;
    const wasConnected = this.state === 'connected';
    this.state = 'terminated';
    this.sessionTimer.stop();
    if (this.dialog) this.dialog.state = 'terminated';
    this.onEnded();
    if (wasConnected) this.events.emit('disconnected', by);
  }

  /** Subclasses unregister the dialog. */
  protected abstract onEnded(): void;

  /** Our Contact for requests we send in the dialog. */
  protected abstract ourContact(): string;

  protected contactHeader(incoming: IncomingRequest): string {
    return contactFor(incoming.local);
  }
}

export function contactFor(l: { address: string; port: number; transport: string }): string {
  return `<sip:holdless@${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}${l.transport === 'tcp' ? ';transport=tcp' : ''}>`;
}

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REGISTER';

/** Whether an Allow header lists a method (RFC 3261 §20.5; method names are case-sensitive). */
export function allows(message: SipRequest | { headers: SipRequest['headers'] }, method: string): boolean {
  return message.headers.values('allow').some((m) => m === method);
}
