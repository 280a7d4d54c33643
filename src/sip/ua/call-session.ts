import type { IncomingRequest } from '../core/incoming-request.js';
import type { SipStack } from '../core/sip-stack.js';
import type { Dialog } from '../dialog/dialog.js';
import type { SipRequest } from '../message/index.js';
import { Listeners } from './listeners.js';

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
  /** The call ended after connecting; `by` says who hung up. */
  disconnected: [by: 'local' | 'remote' | 'timeout'];
  /** A re-INVITE from the far end (hold, resume, session refresh) with its SDP, already answered. */
  reinvite: [sdp: string];
  /** DTMF by SIP INFO (application/dtmf-relay), for peers that send it. */
  info: [request: SipRequest];
}

/**
 * What inbound and outbound calls share once a dialog exists: in-dialog requests from the far end (BYE, re-INVITE,
 * INFO, OPTIONS; RFC 3261 §12.2.2, §14, §15) and our own BYE (§15.1.1).
 */
export abstract class CallSession {
  state: CallState = 'alerting';
  readonly events = new Listeners<CallEvents>();
  dialog: Dialog | undefined;
  /** Our current session description (sent in the 2xx, and again when answering a re-INVITE). */
  localSdp = '';

  protected constructor(protected readonly stack: SipStack) {}

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
      case 'UPDATE': {
        // A re-INVITE keeps the session: answer with our description (RFC 3264 §8: same codec, our direction).
        const sdp = incoming.request.body.toString('utf8');
        incoming.respond(200, 'OK', [['Contact', this.contactHeader(incoming)], ['Content-Type', 'application/sdp']], { body: this.localSdp });
        this.events.emit('reinvite', sdp);
        return;
      }
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

  /** Hangs up a connected call with BYE (§15.1.1); the dialog ends whatever the answer. */
  protected sendBye(): void {
    const dialog = this.dialog;
    if (!dialog || dialog.state === 'terminated') return;
    const bye = dialog.createRequest('BYE');
    this.stack.request(bye, dialog.nextHop(), { onResponse: () => undefined, onFailure: () => undefined });
    this.end('local');
  }

  protected end(by: 'local' | 'remote' | 'timeout'): void {
    if (this.state === 'terminated') return;
    const wasConnected = this.state === 'connected';
    this.state = 'terminated';
    if (this.dialog) this.dialog.state = 'terminated';
    this.onEnded();
    if (wasConnected) this.events.emit('disconnected', by);
  }

  /** Subclasses unregister the dialog. */
  protected abstract onEnded(): void;

  protected contactHeader(incoming: IncomingRequest): string {
    const l = incoming.local;
    return `<sip:holdless@${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}${l.transport === 'tcp' ? ';transport=tcp' : ''}>`;
  }
}

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REGISTER';
