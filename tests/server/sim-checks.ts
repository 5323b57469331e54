import { isDeepStrictEqual } from 'node:util';
import { readSyncState } from '../../src/db';
import type { ChildRow, RecordRow } from '../../src/domain/records';
import { toChildRow, toRecordRow, type ChildDb, type RecordDb } from '../../src/server/sync/rows';
import type { World } from './sim-world';

// What must hold once the network has healed and every device is quiet. Each failure
// says which property broke, so a shrunk trace reads as a bug report.

export interface TraceStats {
  sameFieldConflicts: number;
  rejections: number;
}

function fail(what: string, detail: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(detail, null, 1).slice(0, 3000)}`);
}

export async function checkWorld(w: World): Promise<TraceStats> {
  const { pool, station } = w;
  const recs = (await pool.query<RecordDb>('SELECT * FROM records WHERE station = $1', [station])).rows.map(toRecordRow);
  const kids = (await pool.query<ChildDb>('SELECT * FROM children WHERE station = $1', [station])).rows.map(toChildRow);
  const serverRecs = new Map(recs.map((r) => [`${r.type}:${r.id}`, r]));
  const serverKids = new Map(kids.map((c) => [c.id, c]));

  // 1. Every device holds exactly the server's rows.
  for (const d of w.devices) {
    const local = await d.db.records.toArray();
    if (local.length !== serverRecs.size) fail(`device ${d.i} record count`, { local: local.map((r) => r.id), server: [...serverRecs.keys()] });
    for (const raw of local) {
      const { dueAt: _d, ...row } = raw;
      const s = serverRecs.get(`${row.type}:${row.id}`);
      if (!isDeepStrictEqual(row as RecordRow, s)) fail(`device ${d.i} record ${row.id} differs`, { local: row, server: s });
    }
    const localKids = await d.db.children.toArray();
    if (localKids.length !== serverKids.size) fail(`device ${d.i} child count`, { local: localKids.length, server: serverKids.size });
    for (const c of localKids) if (!isDeepStrictEqual(c as ChildRow, serverKids.get(c.id))) fail(`device ${d.i} child ${c.id} differs`, { local: c, server: serverKids.get(c.id) });
    if ((await d.db.shadows.count()) !== 0) fail(`device ${d.i} kept shadows`, await d.db.shadows.toArray());
  }

  // 2. Every mid a device made is in the server's log exactly once, applied or rejected.
  const log = (await pool.query<{ client_id: string; mid: number; name: string; args: unknown; applied_hlc: string; result: string; seq: number | null }>(
    'SELECT client_id, mid, name, args, applied_hlc, result, seq FROM mutation_log WHERE station = $1', [station])).rows;
  const serverRejections = (await pool.query<{ client_id: string; mid: number; code: string }>('SELECT client_id, mid, code FROM rejections WHERE station = $1', [station])).rows;
  let rejections = 0;
  for (const d of w.devices) {
    const made = (await readSyncState(d.db)).nextMid - 1;
    const mids = log.filter((l) => l.client_id === d.auth.clientId).map((l) => l.mid).sort((a, b) => a - b);
    if (mids.length !== made || mids.some((m, i) => m !== i + 1)) fail(`device ${d.i} mids in the server log`, { made, mids });
    const lastMid = (await pool.query<{ last_mid: number }>('SELECT last_mid FROM clients WHERE client_id = $1', [d.auth.clientId])).rows[0]!.last_mid;
    if (lastMid !== made) fail(`device ${d.i} server lastMid`, { lastMid, made });
    // The author heard of every rejection of theirs, even those whose answer the network ate.
    const serverRej = serverRejections.filter((r) => r.client_id === d.auth.clientId).map((r) => r.mid).sort((a, b) => a - b);
    const localRej = (await d.db.rejections.toArray()).map((r) => r.mid).sort((a, b) => a - b);
    if (!isDeepStrictEqual(serverRej, localRej)) fail(`device ${d.i} rejections`, { server: serverRej, local: localRej });
    const rejectedInLog = log.filter((l) => l.client_id === d.auth.clientId && l.result === 'rejected').map((l) => l.mid).sort((a, b) => a - b);
    if (!isDeepStrictEqual(rejectedInLog, serverRej)) fail(`device ${d.i} rejected log vs rejections`, { rejectedInLog, serverRej });
    rejections += serverRej.length;
  }

  // 3. No effect twice: a reopen opens one generation, and each applied child add is one row.
  for (const r of recs) {
    const reopens = log.filter((l) => l.name === 'record.reopen' && l.result === 'applied' && (l.args as { id?: string }).id === r.id).length;
    if (r.statusGen !== reopens) fail(`record ${r.id} statusGen vs applied reopens`, { statusGen: r.statusGen, reopens });
  }
  const childAdds = log.filter((l) => l.name === 'child.add' && l.result === 'applied').length;
  if (childAdds !== kids.length) fail('applied child adds vs child rows', { childAdds, rows: kids.length });

  // 4. Every losing value of a same-field concurrent edit is in the conflict ledger.
  const ledger = (await pool.query<{ record_id: string; field: string; lost_value: unknown; lost_hlc: string }>(
    'SELECT record_id, field, lost_value, lost_hlc FROM conflicts WHERE station = $1', [station])).rows;
  const writes = log.filter((l) => l.name === 'record.upsert' && l.result !== 'rejected');
  let sameField = 0;
  for (const wr of writes) {
    const args = wr.args as { type: string; id: string; fields: Record<string, unknown>; base: Record<string, string | null> };
    const row = serverRecs.get(`${args.type}:${args.id}`);
    if (!row || row.deleted) continue;
    for (const [field, value] of Object.entries(args.fields)) {
      if (row.clocks[field] === wr.applied_hlc) continue; // it won
      // Overwritten by someone who had seen it: a plain edit, not a conflict.
      const seen = writes.some((o) => (o.args as typeof args).id === args.id && (o.args as typeof args).base?.[field] === wr.applied_hlc);
      if (seen) continue;
      const entry = ledger.find((c) => c.record_id === args.id && c.field === field && c.lost_hlc === wr.applied_hlc && isDeepStrictEqual(c.lost_value, value));
      if (!entry) fail(`lost value of ${args.id}.${field} missing from the ledger`, { value, hlc: wr.applied_hlc, ledger: ledger.filter((c) => c.record_id === args.id) });
    }
  }
  sameField = ledger.filter((c) => c.field !== 'status').length;
  return { sameFieldConflicts: sameField, rejections };
}
