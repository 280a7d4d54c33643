import type { Clock } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';
import type { IncomingRequest } from '../core/incoming-request.js';
import { SipStack, type SipLogger, type SipStackOptions } from '../core/sip-stack.js';
import { Dialog } from '../dialog/dialog.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import type { TransportAddress } from '../transport/transport-address.js';
import { ALLOW, type CallSession } from './call-session.js';
import { InboundCall } from './inbound-call.js';
import { OutboundCall, type OutboundCallOptions } from './outbound-call.js';

export interface UserAgentOptions {
  listen: SipStackOptions['listen'];
  clock: Clock;
  rng: Rng;
  logger?: SipLogger;
  /** A new inbound call; the handler rings, answers or rejects it. Without a handler calls get 480. */
  onInvite?: (call: InboundCall) => void;
  /** REGISTER and other out-of-dialog requests the UA does not handle itself (a registrar, a trunk guard). */
  onOtherRequest?: (incoming: IncomingRequest) => boolean;
}

/** Methods RFC 3261 defines or that we know; anything else gets 501 (§8.2.1), these others 405 with Allow. */
const KNOWN = new Set(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER', 'INFO', 'UPDATE', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'PUBLISH']);

/**
 * The user agent core (RFC 3261 §8): routes requests to the calls whose dialog they belong to, creates inbound
 * calls, answers OPTIONS, and refuses what it does not do with the status the RFC asks for.
 */
export class UserAgent {
  private readonly dialogs = new Map<string, CallSession>();
  private readonly outboundByCallId = new Map<string, OutboundCall>();
  stack!: SipStack;

  private constructor(private readonly options: UserAgentOptions) {}

  static async start(options: UserAgentOptions): Promise<UserAgent> {
    const ua = new UserAgent(options);
    ua.stack = await SipStack.start({
      listen: options.listen,
      clock: options.clock,
      rng: options.rng,
      logger: options.logger,
      handler: {
        onRequest: (incoming) => ua.onRequest(incoming),
        onAck: () => undefined,
        onStrayResponse: (res) => ua.onStrayResponse(res),
      },
    });
    return ua;
  }

  get activeDialogs(): number {
    return this.dialogs.size;
  }

  /** Places a call. Listen on `call.events` before or right after: events come asynchronously. */
  call(options: OutboundCallOptions): OutboundCall {
    const call = new OutboundCall(
      this.stack,
      options,
      (c) => this.dialogs.set(c.dialog!.key, c),
      (c) => {
        if (c.dialog) this.dialogs.delete(c.dialog.key);
        this.outboundByCallId.delete(c.callId);
      },
    );
    call.start();
    this.outboundByCallId.set(call.callId, call);
    call.events.on('failed', () => this.outboundByCallId.delete(call.callId));
    return call;
  }

  async stop(): Promise<void> {
    await this.stack.stop();
  }

  private onRequest(incoming: IncomingRequest): void {
    const req = incoming.request;
    const toTag = req.to.tag;
    if (toTag !== undefined) {
      // §12.2.2: a request with a To tag belongs to a dialog; none found → 481.
      const session = this.dialogs.get(Dialog.key({ callId: req.callId, localTag: toTag, remoteTag: req.from.tag ?? '' }));
      if (session) session.handleInDialog(incoming);
      else incoming.respond(481, 'Call/Transaction Does Not Exist');
      return;
    }
    if (this.options.onOtherRequest?.(incoming)) return;
    switch (req.method) {
      case 'INVITE':
        this.onInvite(incoming);
        return;
      case 'OPTIONS':
        incoming.respond(200, 'OK', [['Allow', ALLOW], ['Accept', 'application/sdp']]);
        return;
      case 'BYE':
        incoming.respond(481, 'Call/Transaction Does Not Exist');
        return;
      default:
        if (KNOWN.has(req.method)) incoming.respond(405, 'Method Not Allowed', [['Allow', ALLOW]]);
        else incoming.respond(501, 'Not Implemented');
    }
  }

  private onInvite(incoming: IncomingRequest): void {
    if (incoming.request.contacts.length === 0) {
      incoming.respond(400, 'Missing Contact');
      return;
    }
    const call = new InboundCall(
      this.stack,
      incoming,
      (c) => this.dialogs.set(c.dialog!.key, c),
      (c) => {
        if (c.dialog) this.dialogs.delete(c.dialog.key);
      },
    );
    if (this.options.onInvite) this.options.onInvite(call);
    else call.reject(480, 'Temporarily Unavailable');
  }

  private onStrayResponse(res: SipResponse): void {
    // A 2xx to our INVITE retransmitted after its transaction ended: ACK it again (§13.2.2.4).
    if (res.status >= 200 && res.status < 300 && res.cseq.method === 'INVITE') {
      this.outboundByCallId.get(res.callId)?.resendAck();
    }
  }
}

export type { SipRequest, TransportAddress };
