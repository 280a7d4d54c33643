import { describe, expect, it } from 'vitest';
import { HttpProblem } from './problem-details.js';
import { PhoneNormalizer } from './phone-number.js';

function problemOf(fn: () => unknown): HttpProblem {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpProblem) return err;
    throw err;
  }
  throw new Error('expected a problem');
}

describe('PhoneNormalizer', () => {
  it('normalizes national and international forms to E.164', () => {
    const phone = new PhoneNormalizer({ defaultRegion: 'gb' });
    expect(phone.normalize('020 7183 8750')).toBe('+442071838750');
    expect(phone.normalize('+1 (212) 555-0123')).toBe('+12125550123');
  });

  it('refuses invalid numbers naming the field', () => {
    const phone = new PhoneNormalizer({ defaultRegion: 'US' });
    const p = problemOf(() => phone.normalize('+1 555 0000', 'customer.phone'));
    expect(p.status).toBe(400);
    expect(p.errors).toEqual([{ field: 'customer.phone', message: 'Not a valid phone number.' }]);
  });

  it('restricts destinations to the allowed prefixes (with or without +)', () => {
    const phone = new PhoneNormalizer({ allowedPrefixes: ['44', '+1212'] });
    expect(phone.normalizeDestination('+442071838750')).toBe('+442071838750');
    expect(phone.normalizeDestination('+12125550123')).toBe('+12125550123');
    const p = problemOf(() => phone.normalizeDestination('+13125550123'));
    expect(p.slug).toBe('phone-not-allowed');
    expect(p.detail).toContain('+44, +1212');
    // normalize() alone does not apply the destination rule (list filters, tasks).
    expect(phone.normalize('+13125550123')).toBe('+13125550123');
  });
});
