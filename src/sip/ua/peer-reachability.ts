import type { SipStack } from '../core/sip-stack.js';
import { Listeners } from '../events/listeners.js';
import { KeepAliveMonitor, type KeepAliveOptions, type ReachabilityState } from '../keepalive/keep-alive-monitor.js';
import { optionsProbe, type OptionsTarget } from '../keepalive/options-probe.js';
import { NameAddr, ParseError } from '../message/index.js';
import type { Binding } from '../registrar/location-service.js';
import type { UserLocations } from '../registrar/user-locations.js';
import type { TrunkDirectory } from '../trunk/trunk-directory.js';

export interface ReachabilityEvents extends Record<string, unknown[]> {
  trunkState: [trunk: string, state: ReachabilityState];
  contactState: [username: string, contact: string, state: ReachabilityState];
}

/**
 * OPTIONS keep-alive (RFC 3261 §11) of every trunk and every registered contact, each on its own schedule: trunks
 * from the start, contacts from the moment they register until their binding goes. The states feed call decisions:
 * a down trunk is still tried (a carrier that ignores OPTIONS may still take calls) but the call says so; a down
 * contact is not offered calls.
 */
export class PeerReachability {
  readonly events = new Listeners<ReachabilityEvents>();
  private readonly trunkMonitor: KeepAliveMonitor<string, OptionsTarget>;
  private readonly contactMonitor: KeepAliveMonitor<string, OptionsTarget>;

  constructor(stack: SipStack, trunks: TrunkDirectory, locations: UserLocations, options: Partial<KeepAliveOptions>) {
    const probe = optionsProbe(stack);
    this.trunkMonitor = new KeepAliveMonitor(stack.clock, probe, options);
    this.contactMonitor = new KeepAliveMonitor(stack.clock, probe, options);
    this.trunkMonitor.events.on('state', (name, state) => this.events.emit('trunkState', name, state));
    this.contactMonitor.events.on('state', (key, state) => {
      const [username, contact] = key.split('\u0000') as [string, string];
      this.events.emit('contactState', username, contact, state);
    });
    for (const t of trunks.all()) this.trunkMonitor.add(t.name, { uri: `sip:${t.hostport}`, to: `sip:${t.hostport}`, flow: t.target });
    locations.events.on('changed', (username, bindings) => this.track(username, bindings));
  }

  trunkState(name: string): ReachabilityState {
    return this.trunkMonitor.state(name);
  }

  /** The state of a registered contact, by its binding key (`Binding.key`). */
  contactState(username: string, bindingKey: string): ReachabilityState {
    return this.contactMonitor.state(contactKeyOf(username, bindingKey));
  }

  stop(): void {
    this.trunkMonitor.stop();
    this.contactMonitor.stop();
  }

  private track(username: string, bindings: readonly Binding[]): void {
    const wanted = new Map(bindings.map((b) => [contactKeyOf(username, b.key), b]));
    for (const key of this.contactMonitor.keys()) {
      if (key.startsWith(`${username}\u0000`) && !wanted.has(key)) this.contactMonitor.remove(key);
    }
    for (const [key, b] of wanted) {
      const target = optionsTargetOf(b);
      if (target) this.contactMonitor.add(key, target);
    }
  }
}

function contactKeyOf(username: string, bindingKey: string): string {
  return `${username}\u0000${bindingKey}`;
}

/** The OPTIONS for a binding: to its contact URI, over the flow its REGISTER came on. */
export function optionsTargetOf(b: Binding): OptionsTarget | undefined {
  try {
    const uri = NameAddr.parse(b.contact, 'contact').uri;
    const requestUri = uri.kind === 'sip' ? uri.withoutHeaders().toString() : uri.toString();
    const flow = { transport: b.source.transport === 'tcp' ? ('tcp' as const) : ('udp' as const), address: b.source.address, port: b.source.port, connectionId: b.source.connectionId };
    return { uri: requestUri, to: b.aor ?? requestUri, flow };
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}
