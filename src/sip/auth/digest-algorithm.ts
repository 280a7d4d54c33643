import { createHash } from 'node:crypto';

/**
 * The Digest algorithms (RFC 7616 §3.3 and §6.1, adopted for SIP by RFC 8760 §2): a hash function, and whether H(A1)
 * is recomputed per client nonce ("-sess", RFC 7616 §3.4.2). Names are case-insensitive on the wire; an absent
 * `algorithm` parameter means MD5 (RFC 7616 §3.3).
 */
export type DigestHash = 'MD5' | 'SHA-256' | 'SHA-512-256';

export type DigestAlgorithmName =
  | 'MD5'
  | 'MD5-sess'
  | 'SHA-256'
  | 'SHA-256-sess'
  | 'SHA-512-256'
  | 'SHA-512-256-sess';

export interface DigestAlgorithm {
  name: DigestAlgorithmName;
  hash: DigestHash;
  session: boolean;
}

const NODE_HASH: Readonly<Record<DigestHash, string>> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};

/** Hex digest lengths, to tell a configured HA1 of the wrong hash from a right one. */
export const HASH_HEX_LENGTH: Readonly<Record<DigestHash, number>> = { MD5: 32, 'SHA-256': 64, 'SHA-512-256': 64 };

const ALGORITHMS: readonly DigestAlgorithm[] = (['MD5', 'SHA-256', 'SHA-512-256'] as const).flatMap((hash) => [
  { name: hash, hash, session: false },
  { name: `${hash}-sess` as DigestAlgorithmName, hash, session: true },
]);

/** The algorithm an `algorithm` parameter names (undefined: MD5), or undefined for one we do not implement. */
export function digestAlgorithm(name: string | undefined): DigestAlgorithm | undefined {
  const wanted = (name ?? 'MD5').toUpperCase();
  return ALGORITHMS.find((a) => a.name.toUpperCase() === wanted);
}

/** H(data): the digest of the UTF-8 bytes as lowercase hex (RFC 7616 §3.4, RFC 8760 §2.1). */
export function hashHex(hash: DigestHash, data: string): string {
  return createHash(NODE_HASH[hash]).update(data, 'utf8').digest('hex');
}

/**
 * Client preference when a server offers several challenges: the strongest hash first, plain before -sess. RFC 8760
 * §2.4 says a UAC "SHOULD use the topmost header field that it supports unless a local policy dictates otherwise";
 * this is that local policy, because challenges are not integrity-protected and an on-path attacker could reorder
 * them to put MD5 on top (the downgrade RFC 8760 §3 warns of).
 */
export function algorithmRank(a: DigestAlgorithm): number {
  const hashRank: Record<DigestHash, number> = { 'SHA-512-256': 0, 'SHA-256': 2, MD5: 4 };
  return hashRank[a.hash] + (a.session ? 1 : 0);
}
