// Reading what a SIPp UAC run left behind: the statistics CSV (`-trace_stat -stf FILE -fd 1`, one row per second
// plus a final row, `;`-separated) and the final screen (`-trace_screen -screen_file FILE`), whose scenario table
// counts messages, retransmissions, timeouts and unexpected messages per scenario step.

export interface SippUacResult {
  /** Calls SIPp created (OutgoingCall(C)). */
  created: number;
  successful: number;
  failed: number;
  /** Created but neither successful nor failed when SIPp stopped (its -timeout hit). */
  incomplete: number;
  /** Requests SIPp had to send again (no answer within its T1 timers): Retransmissions(C). */
  sentRetrans: number;
  /** Retransmitted messages SIPp received (e.g. the UAS resending its 200 OK because the ACK came late). */
  recvRetrans: number;
  timeouts: number;
  unexpected: number;
  /** Messages SIPp discarded because their call had ended (dead) or matched no call (out-of-call). */
  stray: number;
  /** Calls created per second while SIPp was creating them (interpolated from the per-second rows). */
  achievedRate: number;
  /** Mean INVITE→200 time (SIPp's response time 1), ms. */
  rtdAvgMs: number;
  /** Calls whose INVITE→200 time was 200 ms or more. */
  rtdOver200: number;
  peakConcurrent: number;
  /** Per-message rows of the scenario table, for the record. */
  table: Array<{ message: string; dir: 'send' | 'recv'; count: number; retrans: number; timeout: number; unexpected: number }>;
}

/** "HH:MM:SS:uuuuuu" (SIPp's duration format) to milliseconds. */
function durationMs(s: string | undefined): number {
  if (!s) return NaN;
  const p = s.split(':').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isFinite(n))) return NaN;
  return p[0]! * 3_600_000 + p[1]! * 60_000 + p[2]! * 1000 + p[3]! / 1000;
}

/** The epoch seconds at the end of a SIPp time cell ("date<TAB>time<TAB>epoch"). */
function epoch(cell: string | undefined): number {
  const parts = (cell ?? '').split('\t');
  return Number(parts[parts.length - 1]);
}

interface StatRows {
  header: string[];
  rows: string[][];
  col(row: string[], name: string): string | undefined;
  num(row: string[], name: string): number;
}

export function parseStatCsv(text: string): StatRows {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const header = (lines[0] ?? '').split(';');
  const index = new Map(header.map((h, i) => [h, i] as const));
  const rows = lines.slice(1).map((l) => l.split(';'));
  const col = (row: string[], name: string) => {
    const i = index.get(name);
    return i === undefined ? undefined : row[i];
  };
  return { header, rows, col, num: (row, name) => Number(col(row, name) ?? NaN) };
}

interface ScreenTable {
  table: SippUacResult['table'];
  peakConcurrent: number;
}

/** The last scenario table in a SIPp screen file. */
export function parseScreen(text: string): ScreenTable {
  const start = text.lastIndexOf('Scenario Screen');
  const block = start >= 0 ? text.slice(start) : '';
  const end = block.indexOf('Statistics Screen');
  const lines = (end >= 0 ? block.slice(0, end) : block).split('\n');
  const table: SippUacResult['table'] = [];
  let peakConcurrent = NaN;
  for (const l of lines) {
    const peak = /Peak was (\d+) calls/.exec(l);
    if (peak) peakConcurrent = Number(peak[1]);
    const m = /^\s*(\S+)\s+(-+>|<-+)\s+(.*)$/.exec(l);
    if (!m) continue;
    const nums = m[3]!
      .split(/\s+/)
      .filter((t) => /^\d+$/.test(t))
      .map(Number);
    table.push({
      message: m[1]!,
      dir: m[2]!.startsWith('<') ? 'recv' : 'send',
      count: nums[0] ?? 0,
      retrans: nums[1] ?? 0,
      timeout: nums[2] ?? 0,
      unexpected: nums[3] ?? 0,
    });
  }
  return { table, peakConcurrent };
}

export function summarizeUac(csvText: string, screenText: string): SippUacResult {
  const csv = parseStatCsv(csvText);
  const last = csv.rows[csv.rows.length - 1];
  if (!last) throw new Error('SIPp wrote no statistics rows');
  const created = csv.num(last, 'OutgoingCall(C)');
  const successful = csv.num(last, 'SuccessfulCall(C)');
  const failed = csv.num(last, 'FailedCall(C)');

  // Achieved rate: the time at which the last call was created, interpolated between the per-second rows.
  const t0 = epoch(csv.col(last, 'StartTime'));
  let achievedRate = csv.num(last, 'CallRate(C)');
  let prevT = t0;
  let prevC = 0;
  for (const row of csv.rows) {
    const c = csv.num(row, 'OutgoingCall(C)');
    const t = epoch(csv.col(row, 'CurrentTime'));
    if (c >= created && created > 0) {
      const tEnd = c === prevC ? t : prevT + ((created - prevC) / (c - prevC)) * (t - prevT);
      if (tEnd > t0) achievedRate = created / (tEnd - t0);
      break;
    }
    prevT = t;
    prevC = c;
  }

  const screen = parseScreen(screenText);
  const sum = (rows: SippUacResult['table'], f: 'retrans' | 'timeout' | 'unexpected') => rows.reduce((s, r) => s + r[f], 0);
  return {
    created,
    successful,
    failed,
    incomplete: Math.max(0, created - successful - failed),
    sentRetrans: csv.num(last, 'Retransmissions(C)'),
    recvRetrans: sum(screen.table.filter((r) => r.dir === 'recv'), 'retrans'),
    timeouts: sum(screen.table, 'timeout'),
    unexpected: sum(screen.table, 'unexpected'),
    stray: csv.num(last, 'DeadCallMsgs(C)') + csv.num(last, 'OutOfCallMsgs(C)'),
    achievedRate,
    rtdAvgMs: durationMs(csv.col(last, 'ResponseTime1(C)')),
    rtdOver200: csv.num(last, 'ResponseTimeRepartition1_>=200'),
    peakConcurrent: screen.peakConcurrent,
    table: screen.table,
  };
}
