import { describe, expect, it } from 'vitest';
import { callFailureFor } from './failure-code.js';

describe('SIP status → VoxEngine Failed code', () => {
  it.each([
    [486, 486],
    [600, 486],
    [487, 487],
    [404, 404],
    [484, 404],
    [480, 480],
    [503, 480],
    [500, 480],
    [603, 603],
    [403, 603],
    [401, 603],
    [407, 603],
    [408, 408],
    [0, 408],
    [499, 480],
  ])('%i → %i', (sip, code) => {
    expect(callFailureFor(sip).code).toBe(code);
    expect(callFailureFor(sip).sipStatus).toBe(sip);
  });
});
