import { formatHlc } from '../../src/domain/hlc';
import { applyRecordMutation } from '../../src/domain/merge';
import type { MutationBody } from '../../src/domain/mutations';
import type { RecordRow } from '../../src/domain/records';
import { intakeMutations, returnVisitMutation, stepMutations, type AreaType } from '../../src/domain/repair';

// Rows for the benchmarks, made by the app's own domain functions (intake, steps, return
// visit, merge), so they have the shape and size of real ones. Deterministic.

export const STATION = 'S1';
export const NOW = new Date('2026-06-10T02:00:00.000Z');
const AREAS: AreaType[] = ['urban', 'rural', 'remote'];
const RESTORE_MIN: Record<AreaType, number> = { urban: 45, rural: 90, remote: 120 };

let counter = 0;
function stamp(ms: number): string {
  counter = (counter + 1) % 999_999;
  return formatHlc({ ms, counter, node: 'bench-device' });
}

function apply(row: RecordRow | null, ms: MutationBody[], atMs: number): RecordRow {
  let r = row;
  for (const m of ms) {
    if (m.name === 'child.add') continue;
    const out = applyRecordMutation(r, m, { hlc: stamp(atMs), author: 'u-clerk', station: STATION });
    if (out.kind !== 'record') throw new Error(`bench data: ${m.name} rejected`);
    r = out.row;
  }
  return r!;
}

export const pad = (i: number, w = 7) => String(i).padStart(w, '0');

/** The intake mutations of job `i`, reported at `at`. */
export function intakeOf(i: number, at: Date, assignee: string | null = 'u-lineman'): MutationBody[] {
  return intakeMutations(
    {
      customerName: `张三${i}`, customerPhone: '13812345678', address: `李家村三组 ${i} 号`, areaType: AREAS[i % 3]!,
      description: '台风后整户停电，邻居家也没电', reportedVia: 'phone', insideInstallation: false, guidance: '',
    },
    { jobId: `job-${pad(i)}`, eventId: `ev-${pad(i)}-0`, eventIdDispatch: `ev-${pad(i)}-1`, now: at, userId: 'u-clerk', responsibleUnit: STATION, assignee },
  );
}

/** A repair job at `stage` of its lifecycle; open jobs carry the promised restoration time. */
export function jobRow(i: number, reportedAt: Date, stage: 'dispatched' | 'arrived' | 'archived'): RecordRow {
  let row = apply(null, intakeOf(i, reportedAt), reportedAt.getTime());
  const steps = stage === 'dispatched' ? [] : stage === 'arrived' ? ['accepted', 'enRoute', 'arrived'] : ['accepted', 'enRoute', 'arrived', 'restored', 'archived'];
  let t = reportedAt.getTime();
  for (const s of steps) {
    t += 10 * 60_000;
    row = apply(row, stepMutations(row, s, { eventId: `ev-${pad(i)}-${s}`, now: new Date(t), userId: 'u-lineman' }), t);
  }
  if (stage !== 'archived') {
    // The lineman's promised restoration: the restoration deadline itself.
    const due = new Date(reportedAt.getTime() + RESTORE_MIN[row.data.areaType as AreaType] * 60_000).toISOString();
    row = apply(row, [{ name: 'record.upsert', args: { type: 'repairJob', id: row.id, fields: { expectedRestoreAt: due }, base: {} } }], t);
  }
  return row;
}

/** The return visit an archive of job `i` at `archivedAt` creates (open). */
export function visitRow(i: number, archivedAt: Date): RecordRow {
  const job = jobRow(i, new Date(archivedAt.getTime() - 60 * 60_000), 'archived');
  const m = returnVisitMutation(job, archivedAt, []);
  if (!m) throw new Error('no return visit rule');
  return apply(null, [m], archivedAt.getTime());
}

/**
 * A chief's PC after some years: `n` records. 88% archived repair jobs, 6% open jobs and
 * 6% open return visits, reported over the past 3 years; open items spread over the last
 * 4 days, so some are overdue and some are still running. Every open item stores its due
 * time (the job's promised restoration, the visit's due date) and nothing closed does.
 */
export function station(n: number): RecordRow[] {
  const out: RecordRow[] = [];
  const span = 3 * 365 * 86_400_000;
  const recent = 4 * 86_400_000;
  const base = new Map<string, RecordRow>();
  for (let i = 0; i < n; i += 1) {
    const kind = i % 50 < 44 ? 'archived' : i % 50 < 47 ? 'open' : 'visit';
    const ago = kind === 'archived' ? ((i * 7919) % span) + recent : (i * 104_729) % recent;
    const at = new Date(NOW.getTime() - ago);
    // Domain work per row is the same every time: make one per shape and copy it with its own id and times.
    const key = `${kind}:${i % 3}`;
    let t = base.get(key);
    if (!t) {
      t = kind === 'visit' ? visitRow(i, at) : jobRow(i, at, kind === 'open' ? (i % 2 ? 'arrived' : 'dispatched') : 'archived');
      base.set(key, t);
    }
    out.push(retime(t, i, at, kind));
  }
  return out;
}

function retime(t: RecordRow, i: number, at: Date, kind: string): RecordRow {
  const data: Record<string, unknown> = { ...t.data, customerName: `张三${i}`, address: `李家村三组 ${i} 号` };
  const iso = at.toISOString();
  if (kind === 'visit') {
    data.startsAt = iso;
    data.dueAt = new Date(at.getTime() + 24 * 3_600_000).toISOString();
  } else {
    data.reportedAt = iso;
    if (kind === 'open') data.expectedRestoreAt = new Date(at.getTime() + RESTORE_MIN[data.areaType as AreaType] * 60_000).toISOString();
  }
  return { ...t, id: `${kind === 'visit' ? 'rv-' : 'job-'}${pad(i)}`, data, hlc: stamp(at.getTime()) };
}

/** `n` open items: two of three repair jobs (registered to arrived), one of three return visits, over the last 4 days. */
export function openItems(n: number): RecordRow[] {
  const out: RecordRow[] = [];
  const recent = 4 * 86_400_000;
  const base = new Map<string, RecordRow>();
  for (let i = 0; i < n; i += 1) {
    const kind = i % 3 === 2 ? 'visit' : 'open';
    const at = new Date(NOW.getTime() - ((i * 104_729) % recent));
    const key = `${kind}:${i % 6}`;
    let t = base.get(key);
    if (!t) {
      t = kind === 'visit' ? visitRow(i, at) : jobRow(i, at, i % 2 ? 'arrived' : 'dispatched');
      base.set(key, t);
    }
    out.push(retime(t, i, at, kind));
  }
  return out;
}
