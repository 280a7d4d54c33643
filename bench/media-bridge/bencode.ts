/**
 * Bencode (the BitTorrent encoding) as rtpengine's ng control protocol uses it: byte strings `4:spam`, integers
 * `i42e`, lists `l...e`, dictionaries `d...e` with keys sorted as raw bytes. Enough to send `offer`/`answer`/`delete`
 * and read the replies; not a general-purpose library.
 */
export type BValue = string | number | BValue[] | { [key: string]: BValue };

export function bencode(value: BValue): Buffer {
  const parts: Buffer[] = [];
  const put = (v: BValue): void => {
    if (typeof v === 'string') {
      const bytes = Buffer.from(v, 'utf8');
      parts.push(Buffer.from(`${bytes.length}:`), bytes);
    } else if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new RangeError(`bencode integers only: ${v}`);
      parts.push(Buffer.from(`i${v}e`));
    } else if (Array.isArray(v)) {
      parts.push(Buffer.from('l'));
      v.forEach(put);
      parts.push(Buffer.from('e'));
    } else {
      parts.push(Buffer.from('d'));
      for (const key of Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
        put(key);
        put(v[key]!);
      }
      parts.push(Buffer.from('e'));
    }
  };
  put(value);
  return Buffer.concat(parts);
}

/** Decodes one bencoded value from `buf` (strings as UTF-8). Throws on malformed input. */
export function bdecode(buf: Buffer): BValue {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`bencode: ${why} at byte ${at}`);
  };
  const take = (): BValue => {
    const c = buf[at];
    if (c === undefined) return fail('unexpected end');
    if (c === 0x69) {
      const end = buf.indexOf(0x65, at);
      if (end < 0) fail('unterminated integer');
      const n = Number(buf.subarray(at + 1, end).toString('ascii'));
      at = end + 1;
      return n;
    }
    if (c === 0x6c) {
      at++;
      const list: BValue[] = [];
      while (buf[at] !== 0x65) list.push(take());
      at++;
      return list;
    }
    if (c === 0x64) {
      at++;
      const dict: Record<string, BValue> = {};
      while (buf[at] !== 0x65) {
        const key = take();
        if (typeof key !== 'string') fail('dictionary key is not a string');
        dict[key as string] = take();
      }
      at++;
      return dict;
    }
    const colon = buf.indexOf(0x3a, at);
    if (colon < 0) fail('string without length');
    const length = Number(buf.subarray(at, colon).toString('ascii'));
    if (!Number.isInteger(length) || colon + 1 + length > buf.length) fail('bad string length');
    const s = buf.subarray(colon + 1, colon + 1 + length).toString('utf8');
    at = colon + 1 + length;
    return s;
  };
  return take();
}
