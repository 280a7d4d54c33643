/**
 * `npm run bench:ewt`: the accuracy of holdless's estimated wait time against the best published predictors and
 * against Asterisk's, on simulated Erlang-A call centers. See docs/ewt.md for what the numbers mean.
 * A benchmark, not a test: it always exits 0, and says plainly which targets were missed.
 */
import os from 'node:os';
import { benchCases, MEAN_HANDLE, type BenchCase } from './cases.js';
import { AsteriskPredictor, HoldlessPredictor, HolPredictor, LesPredictor, QlTruePredictor } from './predictors.js';
import { simulate, type ErrorStats, type Scoring, type SimResult } from './simulation.js';

/** holdless starts from a deliberately wrong seed (60% of the true mean handle time), so learning is exercised. */
const SEED_FACTOR = 0.6;
const RMSE_RATIO_TARGET = 1.1;
const BIAS_TARGET = 3;

interface Verdict {
  scoring: Scoring;
  target: string;
  pass: boolean;
  detail: string;
}

interface CaseOutcome {
  bench: BenchCase;
  result: SimResult;
  names: string[];
  verdicts: Verdict[];
  seconds: number;
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits);
const signed = (x: number): string => (x >= 0 ? '+' : '') + x.toFixed(2);
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

function runCase(bench: BenchCase): CaseOutcome {
  const { servers, meanHandle, meanPatience } = bench.config;
  const holdless = new HoldlessPredictor(SEED_FACTOR * MEAN_HANDLE);
  const predictors = [
    holdless,
    new QlTruePredictor(servers, meanHandle, meanPatience),
    new AsteriskPredictor(),
    new HolPredictor(),
    new LesPredictor(),
  ];
  // What holdless has learned when arrivals stop (not after the run-out, whose last completions are the long ones).
  let learned = { meanHandle: 0, theta: 0, trueHandle: 0 };
  const onHorizon = (): void => {
    learned = {
      meanHandle: holdless.ewt.meanHandleSeconds(),
      theta: holdless.ewt.abandonRatePerSecond(),
      trueHandle: typeof meanHandle === 'number' ? meanHandle : meanHandle(bench.config.horizon),
    };
  };
  const started = performance.now();
  const result = simulate({ ...bench.config, onHorizon }, predictors);
  const seconds = (performance.now() - started) / 1000;
  const names = predictors.map((p) => p.name);
  const scorings: Scoring[] = bench.abandonment ? ['served', 'potential'] : ['served'];
  const verdicts = scorings.flatMap((scoring) => judge(scoring, result.stats[scoring]));

  const line = (text: string): void => console.log(`   ${text}`);
  console.log(`\n== ${bench.name}: ${bench.description}`);
  line(
    `arrivals after warm-up ${int(result.arrivals)}, delayed ${int(result.delayed)} ` +
      `(${fmt((100 * result.delayed) / result.arrivals, 1)}%), served ${int(result.served)}, abandoned ` +
      `${int(result.abandoned)} (${fmt((100 * result.abandoned) / result.arrivals, 2)}%), ` +
      `${fmt(result.simulatedSeconds / 86400, 0)} simulated days, ${fmt(seconds, 1)} s`,
  );
  const { meanHandle: learnedHandle, theta, trueHandle } = learned;
  line(
    `holdless learned by the end: mean handle ${fmt(learnedHandle, 1)} s (seeded ${SEED_FACTOR * MEAN_HANDLE} s, ` +
      `true ${fmt(trueHandle, 1)} s${typeof meanHandle === 'number' ? '' : ' now'}), mean patience ` +
      `${theta > 0 ? `${fmt(1 / theta, 1)} s` : '∞ (no abandons)'} (true ${meanPatience === Infinity ? '∞' : `${meanPatience} s`})`,
  );
  for (const scoring of scorings) {
    const stats = result.stats[scoring];
    const ql = stats[1]!;
    line(
      scoring === 'served'
        ? `scored: delayed customers who were served, estimate at arrival vs actual wait (n=${int(ql.n)})`
        : `scored: every delayed customer, served or not, vs potential wait (n=${int(ql.n)})`,
    );
    line(`${'predictor'.padEnd(10)} ${'RMSE'.padStart(8)} ${'MAE'.padStart(8)} ${'bias'.padStart(8)}  RMSE/QL-true`);
    stats.forEach((s, i) => {
      line(
        `${names[i]!.padEnd(10)} ${fmt(s.rmse).padStart(8)} ${fmt(s.mae).padStart(8)} ${signed(s.bias).padStart(8)}  ` +
          `${fmt(s.rmse / ql.rmse, 3)}`,
      );
    });
  }
  if (bench.closedFormRmse !== undefined) {
    const ql = result.stats.served[1]!;
    const se = standardError(ql);
    const z = (ql.rmse - bench.closedFormRmse) / se;
    line(
      `harness check: closed-form best RMSE 1/(sμ·sqrt(1−ρ)) = ${fmt(bench.closedFormRmse)} s; QL-true measured ` +
        `${fmt(ql.rmse)} ± ${fmt(se)} s (1 standard error, 20 batch means), ${signed(z)} s.e.: ` +
        (Math.abs(z) <= 3 ? 'consistent' : 'INCONSISTENT (|z| > 3)'),
    );
  }
  for (const v of verdicts) line(`${v.pass ? 'PASS' : 'FAIL'} [${v.scoring}] ${v.target}: ${v.detail}`);
  return { bench, result, names, verdicts, seconds };
}

function judge(scoring: Scoring, stats: ErrorStats[]): Verdict[] {
  const [holdless, ql, asterisk, hol, les] = stats as [ErrorStats, ErrorStats, ErrorStats, ErrorStats, ErrorStats];
  const ratio = holdless.rmse / ql.rmse;
  const others: [string, ErrorStats][] = [
    ['Asterisk', asterisk],
    ['HOL', hol],
    ['LES', les],
  ];
  return [
    {
      scoring,
      target: `RMSE ≤ ${RMSE_RATIO_TARGET}× QL-true`,
      pass: ratio <= RMSE_RATIO_TARGET,
      detail: `${fmt(ratio, 3)}×`,
    },
    {
      scoring,
      target: `|bias| ≤ ${BIAS_TARGET} s`,
      pass: Math.abs(holdless.bias) <= BIAS_TARGET,
      detail: `${signed(holdless.bias)} s (QL-true ${signed(ql.bias)} s)`,
    },
    ...others.map(([name, s]) => ({
      scoring,
      target: `RMSE below ${name}`,
      pass: holdless.rmse < s.rmse,
      detail: `${fmt(holdless.rmse)} vs ${fmt(s.rmse)} s`,
    })),
  ];
}

/** Standard error of the RMSE from the batch means of the squared error (delta method: se(MSE) / (2·RMSE)). */
function standardError(stats: ErrorStats): number {
  const mse = stats.batchRmse.map((r) => r * r);
  const mean = mse.reduce((a, b) => a + b, 0) / mse.length;
  const variance = mse.reduce((a, b) => a + (b - mean) ** 2, 0) / (mse.length - 1);
  return Math.sqrt(variance / mse.length) / (2 * Math.sqrt(mean));
}

function summary(outcomes: CaseOutcome[], totalSeconds: number): void {
  console.log('\n== Summary (RMSE / bias in seconds; "served" scoring, and "potential" where customers hang up)');
  const header = ['case', 'scoring', 'holdless', 'bias', 'QL-true', 'ratio', 'Asterisk', 'HOL', 'LES', 'targets'];
  const rows: string[][] = [];
  for (const o of outcomes) {
    const scorings: Scoring[] = o.bench.abandonment ? ['served', 'potential'] : ['served'];
    for (const scoring of scorings) {
      const s = o.result.stats[scoring];
      const verdicts = o.verdicts.filter((v) => v.scoring === scoring);
      const failed = verdicts.filter((v) => !v.pass).map((v) => v.target);
      rows.push([
        o.bench.name,
        scoring,
        fmt(s[0]!.rmse),
        signed(s[0]!.bias),
        fmt(s[1]!.rmse),
        fmt(s[0]!.rmse / s[1]!.rmse, 3),
        fmt(s[2]!.rmse),
        fmt(s[3]!.rmse),
        fmt(s[4]!.rmse),
        failed.length === 0 ? `PASS (${verdicts.length}/${verdicts.length})` : `FAIL: ${failed.join('; ')}`,
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const show = (cells: string[]): void =>
    console.log(`| ${cells.map((c, i) => (i < 2 || i === 9 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`);
  show(header);
  console.log(`|${widths.map((w, i) => (i < 2 || i === 9 ? ':' : '-') + '-'.repeat(w) + (i < 2 || i === 9 ? '-' : ':')).join('|')}|`);
  rows.forEach(show);

  const all = outcomes.flatMap((o) => o.verdicts.map((v) => ({ ...v, case: o.bench.name })));
  const failed = all.filter((v) => !v.pass);
  console.log(`\ntargets met: ${all.length - failed.length} of ${all.length}`);
  for (const f of failed) console.log(`  missed: ${f.case} [${f.scoring}] ${f.target}: ${f.detail}`);
  if (failed.some((f) => f.target.startsWith('|bias|') && f.scoring === 'served')) {
    console.log(
      '  note: on served customers only, any predictor of the potential wait (QL-true included) is biased high when\n' +
        '  customers hang up: the served are those whose patience outlasted their wait, so their waits are shorter than\n' +
        '  the potential wait the estimate describes. Compare with QL-true\'s bias, and with the "potential" scoring.',
    );
  }
  console.log(`\ntotal run time ${fmt(totalSeconds, 1)} s`);
}

function main(): void {
  const cpus = os.cpus();
  console.log('holdless EWT benchmark (bench/ewt): estimated wait at arrival vs the wait that followed');
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}, ` +
      `${os.type()} ${os.release()} ${os.arch()}`,
  );
  console.log(
    `predictors: holdless = EwtPredictor learning online (seeded with ${SEED_FACTOR * 100}% of the true mean handle ` +
      'time); QL-true = the same formula with the true parameters; Asterisk = app_queue holdtime; HOL = head-of-line ' +
      'wait; LES = wait of the last customer to enter service',
  );
  console.log(
    'scoring: customers who found every operator busy, arriving after the warm-up (all predictors see the same ' +
      'customers). "served" = those who reached an operator, vs their wait; "potential" = all of them, vs the wait ' +
      'they would have had had they not hung up',
  );
  const started = performance.now();
  const outcomes = benchCases().map(runCase);
  summary(outcomes, (performance.now() - started) / 1000);
}

main();
