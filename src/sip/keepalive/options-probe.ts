import type { SipStack } from '../core/sip-stack.js';
import { EncodeError, ParseError, SipRequest } from '../message/index.js';
import type { Flow } from '../transport/transport-address.js';
import type { Probe } from './keep-alive-monitor.js';

/** Where a keep-alive OPTIONS goes: its Request-URI and To, and the flow it is sent on. */
export interface OptionsTarget {
  uri: string;
  to: string;
  flow: Flow;
}

/**
 * A keep-alive probe made of an OPTIONS request (RFC 3261 §11: "OPTIONS ... to query a UA's capabilities", widely
 * used as a liveness check of trunks and phones). Any final answer means the peer is there (a 404 or 405 too), except
 * 408 and 5xx, which say it cannot serve; a transaction timeout (Timer F) or a transport error means it is not there.
 */
export function optionsProbe(stack: SipStack): Probe<OptionsTarget> {
  return (target, done) => {
    const local = stack.listening.find((a) => a.transport === target.flow.transport);
    if (!local) {
      done('failed'); // no listener for the target's transport: we cannot reach it
      return;
    }
    let request: SipRequest;
    try {
      const host = local.address.includes(':') ? `[${local.address}]` : local.address;
      request = new SipRequest({
        method: 'OPTIONS',
        requestUri: target.uri,
        headers: [
          ['From', `<sip:holdless@${host}:${local.port}>;tag=${stack.newTag()}`],
          ['To', `<${target.to}>`],
          ['Call-ID', stack.newCallId()],
          ['CSeq', '1 OPTIONS'],
          ['Accept', 'application/sdp'],
        ],
      });
    } catch (e) {
      // A contact URI we cannot put in a Request-URI: not reachable by us.
      if (!(e instanceof ParseError || e instanceof EncodeError)) throw e;
      done('failed');
      return;
    }
    stack.request(request, target.flow, {
      onResponse: (res) => {
        if (res.status < 200) return;
        done(res.status === 408 || res.status >= 500 ? 'failed' : 'alive');
      },
      onFailure: () => done('failed'),
    });
  };
}
