/**
 * The anchor of bench:queue-load (TOOLING.md: "rerun the anchor in the same run when you compare"): `legs` plain
 * dgram sockets in their own process, each sending a 172-byte packet every 20 ms on a PhasedMediaClock (as
 * bench/media-streams does) to the benchmark's receiver sockets, for the whole run. The receiver measures these
 * streams in the same windows as holdless's (it knows them by SSRC, 0x30000 + i): their |D| is what a trivial sender
 * gets on this machine at that moment, with the receiver's own delays included. When the anchor's p99 is high too,
 * the jitter came from the machine (CPU contention), not from holdless.
 *
 *   argv[2] = JSON {legs, ports}; exits when its parent goes away.
 */
import { systemPacer } from '../../src/media/clock/system-pacer.js';
import { PhasedMediaClock } from '../../src/media/endpoint/phased-media-clock.js';
import { openAnchorLegs } from '../media-streams/anchor-legs.js';

const { legs, ports } = JSON.parse(process.argv[2]!) as { legs: number; ports: number[] };
const clock = new PhasedMediaClock(systemPacer);
const targets = Array.from({ length: legs }, (_, i) => ports[i % ports.length]!);

process.on('disconnect', () => process.exit(0));
process.on('message', (m: { type: string }) => {
  if (m.type === 'exit') process.exit(0);
});

openAnchorLegs(targets, clock, () => undefined).then(
  () => void process.send!({ type: 'ready' }),
  (err: Error) => void process.send!({ type: 'error', message: err.message }),
);
