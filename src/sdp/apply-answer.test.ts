import { describe, expect, it } from 'vitest';
import { applyAnswer } from './apply-answer.js';
import { createOffer } from './create-offer.js';
import { negotiateAnswer } from './negotiate-answer.js';
import type { NegotiationResult } from './negotiation-result.js';
import { sdpText, testDeps } from './negotiation.test-support.js';
import { parseSdp } from './parse-sdp.js';
import type { SessionDescription } from './session-description.js';

const OFFER = createOffer({ address: '198.51.100.7', port: 20000, codecs: ['PCMU', 'PCMA'], telephoneEvent: 101 }, testDeps());

/** An answer from 203.0.113.5:30000 with the given m= formats and attribute lines. */
function answerWith(formats: string, ...lines: string[]): SessionDescription {
  return parseSdp(
    sdpText(
      'v=0',
      'o=peer 5 5 IN IP4 203.0.113.5',
      's=-',
      'c=IN IP4 203.0.113.5',
      't=0 0',
      `m=audio 30000 RTP/AVP ${formats}`,
      ...lines,
    ),
  );
}

function apply(answer: SessionDescription): NegotiationResult {
  return applyAnswer(OFFER, answer);
}

describe('applyAnswer (the offerer’s side of RFC 3264 §6)', () => {
  it('agrees with what the answerer concluded (negotiateAnswer on the other side)', () => {
    const theirs = negotiateAnswer(OFFER, { address: '203.0.113.5', port: 30000, codecs: ['PCMA', 'PCMU'] }, testDeps());
    if (!theirs.ok) throw new Error(theirs.reason);
    const ours = apply(theirs.answer);
    expect(ours).toMatchObject({
      ok: true,
      codec: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
      telephoneEvent: 101,
      remote: { address: '203.0.113.5', port: 30000, rtcp: { address: '203.0.113.5', port: 30001 } },
      direction: 'sendrecv',
      ptime: 20,
      mediaIndex: 0,
    });
  });

  it('takes the first codec of the answer, with the answer’s payload numbers (RFC 3264 §6.1 only says SHOULD keep ours)', () => {
    const result = apply(answerWith('98 100', 'a=rtpmap:98 PCMA/8000', 'a=rtpmap:100 telephone-event/8000', 'a=ptime:30'));
    expect(result).toMatchObject({ ok: true, codec: { name: 'PCMA', payloadType: 98 }, telephoneEvent: 100, ptime: 30 });
  });

  it('skips comfort noise and telephone-event when looking for the codec', () => {
    expect(apply(answerWith('13 101 8', 'a=rtpmap:101 telephone-event/8000'))).toMatchObject({
      ok: true,
      codec: { name: 'PCMA', payloadType: 8 },
    });
  });

  it('has no telephone-event when the answer leaves it out', () => {
    const result = apply(answerWith('0'));
    expect(result.ok && result.telephoneEvent).toBeUndefined();
  });

  it('RFC 3264 §6.1: an answer that picked a codec we did not offer is refused', () => {
    expect(apply(answerWith('18', 'a=rtpmap:18 G729/8000'))).toMatchObject({ ok: false, reason: 'codec-not-offered' });
    expect(apply(answerWith('101', 'a=rtpmap:101 telephone-event/8000'))).toMatchObject({ ok: false, reason: 'no-common-codec' });
  });

  it('RFC 3264 §6: a rejected audio stream (port 0) is a failure', () => {
    const rejected = answerWith('0');
    rejected.media[0]!.port = 0;
    expect(apply(rejected)).toMatchObject({ ok: false, reason: 'stream-rejected' });
  });

  it('RFC 3264 §6: the answer must have exactly as many m= lines as the offer', () => {
    const extra = answerWith('0');
    extra.media.push({ ...extra.media[0]!, type: 'video', port: 0 });
    expect(apply(extra)).toMatchObject({ ok: false, reason: 'media-count-mismatch' });
  });

  it('an answer without a c= for the stream is refused', () => {
    const noC = answerWith('0');
    delete noC.connection;
    expect(apply(noC)).toMatchObject({ ok: false, reason: 'no-connection-address' });
  });

  it.each([
    ['recvonly', 'sendonly'],
    ['sendonly', 'recvonly'],
    ['inactive', 'inactive'],
    ['sendrecv', 'sendrecv'],
  ] as const)('an answer marked %s leaves us %s', (answered, ours) => {
    expect(apply(answerWith('0', `a=${answered}`))).toMatchObject({ ok: true, direction: ours });
  });
});
