import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { FakeClock } from '../../lib/fake-clock.js';
import { SequenceRng } from '../../lib/rng.js';
import { TokenService } from '../auth/tokens.js';
import { buildApi, type ApiDeps } from '../build-api.js';
import { FakeAcd } from './fake-acd.js';

export const ADMIN_TOKEN = 'admin-token-for-tests';
export const TOKEN_SECRET = 'token-secret-for-tests-0123456789';
export const PASSWORDS: Record<string, string> = { alice: 'alice-pw', bob: 'bob-pw' };

export interface TestApi {
  app: FastifyInstance;
  acd: FakeAcd;
  clock: FakeClock;
  /** Mints tokens the app accepts (same secret and clock). */
  tokens: TokenService;
  admin: Record<string, string>;
  supervisor: Record<string, string>;
  operator(username: string): Record<string, string>;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** An API over a FakeAcd seeded with queue MainQueue and operators alice and bob (both in MainQueue). */
export async function makeTestApi(overrides: Partial<ApiDeps> = {}): Promise<TestApi> {
  const clock = new FakeClock();
  const acd = new FakeAcd(clock);
  await acd.putQueue({ name: 'MainQueue', title: 'Main' });
  await acd.putOperator({ username: 'alice', displayName: 'Alice', queues: [{ queue: 'MainQueue', skill: 5 }] });
  await acd.putOperator({ username: 'bob', displayName: 'Bob', queues: [{ queue: 'MainQueue', skill: 3 }] });
  acd.calls.length = 0;
  const deps: ApiDeps = {
    acd,
    auth: {
      adminToken: ADMIN_TOKEN,
      tokenSecret: TOKEN_SECRET,
      verifyOperatorPassword: (u, p) => PASSWORDS[u] !== undefined && PASSWORDS[u] === p,
    },
    clock,
    rng: new SequenceRng('api'),
    logger: false,
    phone: { defaultRegion: 'US' },
    rateLimits: { callbacksPerClientPerMinute: 1000, callbacksPerNumberPerHour: 1000 },
    ...overrides,
  };
  const app = buildApi(deps);
  await app.ready();
  const tokens = new TokenService(TOKEN_SECRET, clock, new SequenceRng('mint'));
  return {
    app,
    acd,
    clock,
    tokens,
    admin: bearer(ADMIN_TOKEN),
    supervisor: bearer(tokens.issue('supervisor', 'dashboard', 3600).token),
    operator: (username) => bearer(tokens.issue('operator', username, 3600).token),
    request: (options) => app.inject(options),
  };
}
