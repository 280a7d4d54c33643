import type { LoginGuard } from './login-guard.js';
import type { AcdFacade } from '../acd/acd-facade.js';
import type { Clock } from '../lib/clock.js';
import type { TokenService } from './auth/tokens.js';
import type { CallbackRateLimit } from './callback-rate-limit.js';
import type { PhoneNormalizer } from './phone-number.js';
import type { ScenarioStarts } from './scenario-starts.js';
import type { EventStreams } from './sse/event-streams.js';

/** What route modules receive: the ports of ApiDeps plus the API's own services, built once in build-api.ts. */
export interface RouteDeps {
  acd: AcdFacade;
  clock: Clock;
  tokens: TokenService;
  phone: PhoneNormalizer;
  callbackLimit: CallbackRateLimit;
  loginGuard: LoginGuard;
  verifyOperatorPassword(username: string, password: string): boolean;
  events: EventStreams;
  scenarios: ScenarioStarts;
}
