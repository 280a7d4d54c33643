import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { systemRng } from '../../src/lib/rng.js';
import type { IncomingRequest } from '../../src/sip/core/incoming-request.js';
import { SipStack } from '../../src/sip/core/sip-stack.js';
import { hasPeer } from '../support/peers.js';
import { runSipp } from '../support/sipp.js';

/** A minimal UAS on the stack: rings, answers every INVITE, accepts BYE and OPTIONS. No dialogs, no media. */
function answeringHandler(counts: Record<string, number>) {
  return {
    onRequest(req: IncomingRequest) {
      counts[req.method] = (counts[req.method] ?? 0) + 1;
      if (req.method === 'INVITE') {
        const tag = `t${counts.INVITE}`;
        req.respond(180, 'Ringing', [], { toTag: tag });
        req.respond(200, 'OK', [['Contact', `<sip:holdless@${req.local.address}:${req.local.port}>`], ['Content-Type', 'application/sdp']], {
          toTag: tag,
          body: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n',
        });
      } else {
        req.respond(200, 'OK');
      }
    },
    onAck() {
      counts.ACK = (counts.ACK ?? 0) + 1;
    },
  };
}

describe.skipIf(!hasPeer('sipp'))('SIP stack against SIPp (needs sipp)', () => {
  let stack: SipStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('answers 20 calls from the SIPp UAC over UDP: INVITE, 180, 200, ACK, BYE, 200', async () => {
    const counts: Record<string, number> = {};
    stack = await SipStack.start({ listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], clock: systemClock, rng: systemRng, handler: answeringHandler(counts) });
    const port = stack.localAddress('udp').port;
    const r = await runSipp(['-sn', 'uac', `127.0.0.1:${port}`, '-m', '20', '-r', '20', '-d', '100', '-timeout', '30s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(counts.INVITE).toBe(20);
    expect(counts.BYE).toBe(20);
    expect(counts.ACK).toBe(20);
  });

  it('absorbs retransmissions when SIPp loses 10% of packets, and every call still completes', async () => {
    const counts: Record<string, number> = {};
    stack = await SipStack.start({ listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], clock: systemClock, rng: systemRng, handler: answeringHandler(counts) });
    const port = stack.localAddress('udp').port;
    // uac-txn.xml matches each response to its own transaction: with SIPp's built-in uac, a 200 for the INVITE
    // retransmitted after a lost ACK could be counted as the answer to the BYE, and a call "complete" without its BYE.
    const scenario = new URL('../sipp/uac-txn.xml', import.meta.url).pathname;
    const r = await runSipp(['-sf', scenario, `127.0.0.1:${port}`, '-m', '20', '-r', '10', '-lost', '10', '-timeout', '50s', '-timeout_error'], 90_000);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    // Each call reached the TU once, however often SIPp had to retransmit.
    expect(counts.INVITE).toBe(20);
    expect(counts.BYE).toBe(20);
  });

  it('answers over TCP too (Content-Length framing, answers on the same connection)', async () => {
    const counts: Record<string, number> = {};
    stack = await SipStack.start({ listen: [{ transport: 'tcp', host: '127.0.0.1', port: 0 }], clock: systemClock, rng: systemRng, handler: answeringHandler(counts) });
    const port = stack.localAddress('tcp').port;
    const r = await runSipp(['-sn', 'uac', '-t', 't1', `127.0.0.1:${port}`, '-m', '10', '-r', '10', '-d', '100', '-timeout', '30s', '-timeout_error']);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(counts.INVITE).toBe(10);
  });
});
