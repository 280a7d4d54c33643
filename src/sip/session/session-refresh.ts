import type { SipStack } from '../core/sip-stack.js';
import type { Dialog } from '../dialog/dialog.js';
import { ParseError, type SipResponse } from '../message/index.js';
import { formatSessionExpires } from './session-expires.js';
import { readUacSessionTimer } from './session-timer-negotiation.js';

export interface RefreshRequest {
  /** UPDATE (RFC 3311, no body) when the peer allows it, else a re-INVITE carrying our current SDP. */
  method: 'UPDATE' | 'INVITE';
  seconds: number;
  sdp: string;
  contact: string;
}

export type RefreshOutcome =
  /** The refresh succeeded; the interval and role the 2xx set (RFC 4028 §7.2 applies to the refresh's 2xx). */
  | { kind: 'refreshed'; seconds: number; weRefresh: boolean }
  /** The 2xx carried no Session-Expires: the session timer is off from now on (RFC 4028 §7.2). */
  | { kind: 'timer-off' }
  /** 408, 481, or no answer at all: the dialog is gone (RFC 4028 §10: send BYE). */
  | { kind: 'dialog-gone' }
  /** Any other refusal: the session goes on; the next refresh is tried at the next half interval. */
  | { kind: 'refused'; status: number };

/**
 * Sends one session refresh inside `dialog` (RFC 4028 §7.4: "Session-Expires ... refresher=uac" to stay the
 * refresher, and Supported: timer), ACKs a re-INVITE's 2xx (RFC 3261 §13.2.2.4, again for each retransmission), and
 * reports the outcome once.
 */
export function sendSessionRefresh(stack: SipStack, dialog: Dialog, r: RefreshRequest, done: (outcome: RefreshOutcome) => void): void {
  const headers: Array<[string, string]> = [
    ['Contact', r.contact],
    ['Session-Expires', formatSessionExpires({ seconds: r.seconds, refresher: 'uac' })],
    ['Supported', 'timer'],
  ];
  if (r.method === 'INVITE') headers.push(['Content-Type', 'application/sdp']);
  const request = dialog.createRequest(r.method, headers, r.method === 'INVITE' ? r.sdp : undefined);
  const seq = request.cseq.seq;
  let reported = false;
  const report = (o: RefreshOutcome) => {
    if (reported) return;
    reported = true;
    done(o);
  };
  stack.request(request, dialog.nextHop(), {
    onResponse: (res: SipResponse) => {
      if (res.status < 200) return;
      if (res.status >= 300) {
        report(res.status === 408 || res.status === 481 ? { kind: 'dialog-gone' } : { kind: 'refused', status: res.status });
        return;
      }
      if (r.method === 'INVITE') stack.sendStateless(dialog.createRequest('ACK', [], undefined, seq), dialog.nextHop());
      let timer;
      try {
        timer = readUacSessionTimer(res);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        timer = undefined;
      }
      report(timer ? { kind: 'refreshed', ...timer } : { kind: 'timer-off' });
    },
    onFailure: () => report({ kind: 'dialog-gone' }),
  });
}
