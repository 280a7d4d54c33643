import type { Rng } from '../../lib/rng.js';
import { Trunk, type TrunkDefinition } from './trunk.js';
import { TrunkConfigError, UnknownTrunkError } from './trunk-errors.js';

/** The configured trunks, by name and by the source addresses they accept calls from. */
export class TrunkDirectory {
  private readonly byName = new Map<string, Trunk>();

  constructor(definitions: readonly TrunkDefinition[], rng: Rng) {
    for (const def of definitions) {
      if (this.byName.has(def.name)) throw new TrunkConfigError(def.name, 'name', 'two trunks have this name');
      this.byName.set(def.name, new Trunk(def, rng));
    }
  }

  get size(): number {
    return this.byName.size;
  }

  all(): Trunk[] {
    return [...this.byName.values()];
  }

  /** The trunk named `name`; throws UnknownTrunkError. */
  get(name: string): Trunk {
    const t = this.byName.get(name);
    if (!t) throw new UnknownTrunkError(name);
    return t;
  }

  /** The first trunk (in configuration order) whose allowed sources contain `address`. */
  forSource(address: string): Trunk | undefined {
    for (const t of this.byName.values()) if (t.acceptsSource(address)) return t;
    return undefined;
  }
}
