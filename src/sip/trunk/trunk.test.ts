import { describe, expect, it } from 'vitest';
import { SequenceRng } from '../../lib/rng.js';
import { TrunkDirectory } from './trunk-directory.js';
import { TrunkConfigError, UnknownTrunkError } from './trunk-errors.js';

const rng = new SequenceRng();

describe('trunks', () => {
  it('parses the address (IPv4, IPv6, default port) and finds trunks by name and by source', () => {
    const d = new TrunkDirectory(
      [
        { name: 'carrier', address: '192.0.2.1:5080', allowedSources: ['192.0.2.0/24'], username: 'u', password: 'p', callerId: '+18005550100' },
        { name: 'v6', address: '[2001:db8::5]', allowedSources: ['2001:db8::/64'] },
      ],
      rng,
    );
    expect(d.get('carrier').target).toEqual({ transport: 'udp', address: '192.0.2.1', port: 5080 });
    expect(d.get('carrier').credentials).toBeDefined();
    expect(d.get('v6').target).toEqual({ transport: 'udp', address: '2001:db8::5', port: 5060 });
    expect(d.get('v6').hostport).toBe('[2001:db8::5]:5060');
    expect(d.forSource('192.0.2.77')?.name).toBe('carrier');
    expect(d.forSource('2001:db8::9')?.name).toBe('v6');
    expect(d.forSource('198.51.100.1')).toBeUndefined();
    expect(() => d.get('nope')).toThrow(UnknownTrunkError);
  });

  it('refuses host names, bad sources, half credentials and duplicate names with TrunkConfigError', () => {
    const bad = [
      { name: 't', address: 'sip.example.com:5060', allowedSources: [] },
      { name: 't', address: '192.0.2.1:99999', allowedSources: [] },
      { name: 't', address: '192.0.2.1', allowedSources: ['10.0.0.0/40'] },
      { name: 't', address: '192.0.2.1', allowedSources: [], username: 'u' },
    ];
    for (const def of bad) expect(() => new TrunkDirectory([def], rng), JSON.stringify(def)).toThrow(TrunkConfigError);
    const twice = { name: 't', address: '192.0.2.1', allowedSources: [] };
    expect(() => new TrunkDirectory([twice, twice], rng)).toThrow(TrunkConfigError);
  });
});
