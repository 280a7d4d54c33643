/**
 * The sixteen DTMF digits: their RFC 4733 event codes (§3.2, Table 7: 0-9, * = 10, # = 11, A-D = 12-15) and their
 * tone pairs (ITU-T Q.23: one low-group "row" frequency plus one high-group "column" frequency).
 *
 *            1209 Hz  1336 Hz  1477 Hz  1633 Hz
 *   697 Hz     1        2        3        A
 *   770 Hz     4        5        6        B
 *   852 Hz     7        8        9        C
 *   941 Hz     *        0        #        D
 */

export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** Digits in event-code order: `DTMF_DIGITS[code]` is the digit of RFC 4733 event `code`. */
export const DTMF_DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

export const ROW_FREQUENCIES: readonly number[] = [697, 770, 852, 941];
export const COLUMN_FREQUENCIES: readonly number[] = [1209, 1336, 1477, 1633];

/** `KEYPAD[row][column]`. */
export const KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

export function isDtmfDigit(value: string): value is DtmfDigit {
  return (DTMF_DIGITS as readonly string[]).includes(value);
}

/** The digit of an RFC 4733 event code, or null for codes that are not DTMF (16 and up: other tones, §3.2). */
export function digitOfEvent(code: number): DtmfDigit | null {
  return DTMF_DIGITS[code] ?? null;
}

/** The RFC 4733 event code of a digit (case-insensitive for A-D). */
export function eventOfDigit(digit: string): number {
  const code = DTMF_DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
  if (code < 0) throw new RangeError(`'${digit}' is not a DTMF digit`);
  return code;
}

/** The low (row) and high (column) frequency of a digit. */
export function toneFrequencies(digit: string): [number, number] {
  const d = digit.toUpperCase();
  for (let row = 0; row < 4; row++) {
    const column = KEYPAD[row]!.indexOf(d as DtmfDigit);
    if (column >= 0) return [ROW_FREQUENCIES[row]!, COLUMN_FREQUENCIES[column]!];
  }
  throw new RangeError(`'${digit}' is not a DTMF digit`);
}
