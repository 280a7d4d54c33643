import { FakeClock } from '../../lib/fake-clock.js';
import type { Rng } from '../../lib/rng.js';
import { SequenceRng } from '../../lib/rng.js';
import { DigestClient } from './digest-client.js';
import { computeHa1 } from './digest-response.js';
import { type DigestSecretLookup, DigestServer, type DigestServerOptions } from './digest-server.js';

export const REALM = 'pbx.example.com';
export const SECRET = 'cluster-wide nonce secret, 32 bytes';
export const REGISTER = { method: 'REGISTER', uri: 'sip:pbx.example.com' };
export const INVITE = { method: 'INVITE', uri: 'sip:queue-support@pbx.example.com' };

/** alice has a password; bob only MD5 and SHA-256 HA1s, as a store that never kept the password would. */
export const lookup: DigestSecretLookup = (username, realm, hash) => {
  if (realm !== REALM) return undefined;
  if (username === 'alice') return 'wonderland';
  if (username === 'bob') return { ha1: computeHa1(hash, 'bob', REALM, 'builder') };
  return undefined;
};

export function makeServer(options: Partial<DigestServerOptions> = {}): { server: DigestServer; clock: FakeClock } {
  const clock = options.clock instanceof FakeClock ? options.clock : new FakeClock();
  const server = new DigestServer({ realm: REALM, secret: SECRET, lookup, clock, rng: new SequenceRng(), ...options });
  return { server, clock };
}

export function makeClient(username = 'alice', password = 'wonderland', rng: Rng = new SequenceRng('c')): DigestClient {
  return new DigestClient({ username, password, rng });
}

/** An Rng whose `hex` always returns `value`: replays an RFC example's cnonce. */
export function fixedCnonce(value: string): Rng {
  return { uuid: () => value, hex: () => value };
}
