import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { HttpProblem, validationProblem } from './problem-details.js';

export interface PhonePolicy {
  /** ISO 3166 region for numbers written without `+` (e.g. `US`, `GB`). Without it, numbers must be international. */
  defaultRegion?: string | undefined;
  /** E.164 prefixes callbacks may dial (e.g. `["+1", "+44"]`); empty or absent = any valid number. */
  allowedPrefixes?: string[] | undefined;
}

/**
 * Normalizes customer numbers to E.164 and enforces the allowed destinations. Uses the `max` metadata: the default
 * (`min`) metadata validates by length only, and would accept numbers no carrier can route.
 */
export class PhoneNormalizer {
  private readonly region: CountryCode | undefined;
  private readonly prefixes: string[];

  constructor(policy: PhonePolicy) {
    this.region = policy.defaultRegion ? (policy.defaultRegion.toUpperCase() as CountryCode) : undefined;
    this.prefixes = (policy.allowedPrefixes ?? []).map((p) => (p.startsWith('+') ? p : `+${p}`));
  }

  /** E.164 form of `input`, or a 400 problem naming `field`. */
  normalize(input: string, field = 'phone'): string {
    const parsed = parsePhoneNumberFromString(input, this.region);
    if (!parsed?.isValid()) {
      const hint = this.region ? '' : ' Write it in international form, starting with +.';
      throw validationProblem([{ field, message: `Not a valid phone number.${hint}` }]);
    }
    return parsed.number;
  }

  /** E.164 form of `input`, additionally refusing destinations outside `allowedPrefixes` (400 phone-not-allowed). */
  normalizeDestination(input: string, field = 'phone'): string {
    const e164 = this.normalize(input, field);
    if (this.prefixes.length > 0 && !this.prefixes.some((p) => e164.startsWith(p))) {
      const message = `Calls to ${e164} are not allowed; allowed prefixes: ${this.prefixes.join(', ')}.`;
      throw new HttpProblem({
        status: 400,
        slug: 'phone-not-allowed',
        title: 'Destination not allowed',
        detail: message,
        errors: [{ field, message }],
      });
    }
    return e164;
  }
}
