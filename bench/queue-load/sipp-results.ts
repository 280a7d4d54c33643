/**
 * What a bench:queue-load SIPp caller run leaves behind while it runs: its statistics CSV (-trace_stat, one row per
 * second, read with bench/sip-cps/sipp-stats.ts) and its -trace_rtt file (one row per answered call with -rtt_freq 1).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatCsv } from '../sip-cps/sipp-stats.js';

/**
 * Answered calls of one SIPp run, from its -trace_rtt file ("Date_ms;response_time_ms;rtd_no", one row per call with
 * -rtt_freq 1): when SIPp got the 200 (ms since it started) and the INVITE→200 time, ms.
 */
export function answers(dir: string, pid: number | undefined): Array<{ at: number; rtt: number }> {
  const file = join(dir, `caller_${pid}_rtt.csv`);
  if (!existsSync(file)) return [];
  const out: Array<{ at: number; rtt: number }> = [];
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [at, rtt] = line.split(';').map(Number);
    if (Number.isFinite(at) && Number.isFinite(rtt)) out.push({ at: at!, rtt: rtt! });
  }
  return out;
}

/** Calls answered per second, from the first answer to the last (NaN below 2 answers). */
export function answerRate(a: Array<{ at: number }>): number {
  if (a.length < 2) return NaN;
  const first = Math.min(...a.map((x) => x.at));
  const last = Math.max(...a.map((x) => x.at));
  return last > first ? ((a.length - 1) / (last - first)) * 1000 : NaN;
}

export interface SippCounters {
  created: number;
  successful: number;
  failed: number;
  current: number;
  rate: number;
}

export function sippCounters(stat: string): SippCounters | undefined {
  if (!existsSync(stat)) return undefined;
  const csv = parseStatCsv(readFileSync(stat, 'utf8'));
  const last = csv.rows[csv.rows.length - 1];
  if (!last) return undefined;
  return {
    created: csv.num(last, 'OutgoingCall(C)'),
    successful: csv.num(last, 'SuccessfulCall(C)'),
    failed: csv.num(last, 'FailedCall(C)'),
    current: csv.num(last, 'CurrentCall'),
    rate: achievedRate(stat),
  };
}

/** New calls per second from the first to the last call SIPp created (interpolated from its per-second rows). */
function achievedRate(stat: string): number {
  const csv = parseStatCsv(readFileSync(stat, 'utf8'));
  const epoch = (cell: string | undefined): number => Number((cell ?? '').split('\t').pop());
  const rows = csv.rows;
  const last = rows[rows.length - 1];
  if (!last) return NaN;
  const created = csv.num(last, 'OutgoingCall(C)');
  const t0 = epoch(csv.col(last, 'StartTime'));
  let prevT = t0;
  let prevC = 0;
  for (const row of rows) {
    const c = csv.num(row, 'OutgoingCall(C)');
    const t = epoch(csv.col(row, 'CurrentTime'));
    if (c >= created && created > 0) {
      const tEnd = c === prevC ? t : prevT + ((created - prevC) / (c - prevC)) * (t - prevT);
      return tEnd > t0 ? created / (tEnd - t0) : NaN;
    }
    prevT = t;
    prevC = c;
  }
  return NaN;
}
