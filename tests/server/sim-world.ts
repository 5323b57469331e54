import type pg from 'pg';
import { getRecord, openUserDb, readSyncState, save, type StationDb } from '../../src/db';
import { LIFECYCLES } from '../../src/domain/records';
import type { MutationBody } from '../../src/domain/mutations';
import type { AuthContext } from '../../src/server/auth';
import { createSyncEngine, type SyncEngine } from '../../src/sync';
import type { Role } from '../../src/sync/protocol';
import { SimNetwork, type Counters, type Fault } from './sim-network';

// One trace's world: a fresh station on the shared PostgreSQL, five devices (each its own
// fake-indexeddb database and real sync engine), and a network that misbehaves on cue.

export const DEVICES = 5;
export const RECORDS = 3;
export const FIELDS = ['address', 'cause', 'workDone'] as const;
const ROLES: Role[] = ['chief', 'clerk', 'lineman', 'lineman', 'clerk'];
const STAGES = LIFECYCLES.repairJob!;

export type EditOp =
  | { k: 'set'; fields: readonly (typeof FIELDS)[number][] }
  | { k: 'advance'; stage: number }
  | { k: 'reopen' }
  | { k: 'note' }
  | { k: 'forbidden' };

export type Step =
  | { t: 'edit'; dev: number; rec: number; op: EditOp }
  | { t: 'sync'; dev: number; faults: readonly Fault[] }
  | { t: 'deliver'; pick: number }
  | { t: 'tick'; ms: number };

export interface Trace {
  skews: readonly number[];
  steps: readonly Step[];
  healOrder: readonly number[];
}

export interface SimDevice {
  i: number;
  db: StationDb;
  engine: SyncEngine;
  auth: AuthContext;
  dbName: string;
}

const slots = new Map<string, StationDb>();

/**
 * Device i's database, emptied and given this trace's identity. Opening five fresh
 * databases per trace cost more than the trace itself; an emptied one is the same as new.
 */
async function deviceDb(slot: string, auth: AuthContext): Promise<StationDb> {
  let db = slots.get(slot);
  if (!db) {
    db = await openUserDb(auth.userId, { name: slot });
    slots.set(slot, db);
  }
  const fresh = { ...(await readSyncState(db)) };
  await db.transaction('rw', db.tables, async () => {
    for (const t of db.tables) await t.clear();
    await db.syncState.put({
      ...fresh, clientId: auth.clientId, userId: auth.userId, station: auth.station, nextMid: 1, ackedMid: 0, cursor: 0,
      lastHlc: null, lastSyncAt: null, lastError: null, clockOffsetMs: null, authNeeded: false, lease: null,
    });
  });
  return db;
}

const noLock = { request: <T,>(_n: string, _o: unknown, cb: (l: unknown) => Promise<T>) => cb({}) };

export class World {
  devices: SimDevice[] = [];
  net: SimNetwork;
  clock: number;
  private n = 0;

  /** `lane`: worlds running side by side use their own device databases. */
  constructor(readonly pool: pg.Pool, readonly station: string, counters: Counters, start: number, readonly skews: readonly number[], readonly lane = 0) {
    this.clock = start;
    // The server's clock, as the devices hear it in serverTime, is the trace's master clock.
    this.net = new SimNetwork(pool, counters, () => this.clock);
  }

  recId(r: number): string {
    return `${this.station}-job${r}`;
  }

  async setup(): Promise<void> {
    const r = await this.pool.query('INSERT INTO stations (code, name) VALUES ($1, $1)', [this.station]);
    if (r.rowCount !== 1) throw new Error('station');
    const auths: AuthContext[] = [];
    for (let i = 0; i < DEVICES; i += 1) {
      const userId = `${this.station}-u${i}`;
      auths.push({ userId, role: ROLES[i]!, station: this.station, deviceId: `${this.station}-dev${i}`, clientId: `${this.station}-c${i}` });
    }
    // Users, devices and clients straight into the tables: login's password hashing would dominate the run.
    const col = <K extends keyof AuthContext>(k: K) => auths.map((a) => a[k]);
    await this.pool.query(
      `INSERT INTO users (id, station, username, name, role, password_hash)
       SELECT u, $2, u, u, r, 'x' FROM unnest($1::text[], $3::text[]) AS t(u, r)`, [col('userId'), this.station, col('role')]);
    await this.pool.query(
      `INSERT INTO devices (id, user_id, station, name, code, client_id)
       SELECT d, u, $4, d, d, c FROM unnest($1::text[], $2::text[], $3::text[]) AS t(d, u, c)`, [col('deviceId'), col('userId'), col('clientId'), this.station]);
    await this.pool.query('INSERT INTO clients (client_id, device_id) SELECT c, d FROM unnest($1::text[], $2::text[]) AS t(c, d)', [col('clientId'), col('deviceId')]);
    this.devices = await Promise.all(auths.map(async (auth, i) => {
      const dbName = `sim-lane${this.lane}-dev${i}`;
      const db = await deviceDb(dbName, auth);
      const engine = createSyncEngine({
        db, transport: this.net.transportFor(auth), appVersion: 'sim', now: () => new Date(this.clock + (this.skews[i] ?? 0)),
        locks: noLock, random: () => 0.5, storageEstimate: async () => null,
      });
      return { i, db, engine, auth, dbName };
    }));
  }

  async dispose(): Promise<void> {
    // The databases stay open for the next trace, which empties them first.
  }

  tick(ms: number): void {
    this.clock += ms;
  }

  async edit(devIndex: number, rec: number, op: EditOp): Promise<void> {
    const d = this.devices[devIndex]!;
    const id = this.recId(rec);
    const row = await getRecord(d.db, 'repairJob', id);
    const n = (this.n += 1);
    let m: MutationBody;
    switch (op.k) {
      case 'set': {
        // Every written value is unique, so the ledger check can tell one write from another.
        const fields: Record<string, unknown> = {};
        for (const f of op.fields) fields[f] = `${f}:${devIndex}:${n}`;
        m = { name: 'record.upsert', args: { type: 'repairJob', id, fields, base: {} } };
        break;
      }
      case 'advance':
        m = { name: 'record.advance', args: { type: 'repairJob', id, status: STAGES[op.stage % STAGES.length]!, gen: row?.statusGen ?? 0 } };
        break;
      case 'reopen':
        m = { name: 'record.reopen', args: { type: 'repairJob', id, status: STAGES[0]!, gen: row?.statusGen ?? 0, reason: `reopen ${n}` } };
        break;
      case 'note':
        m = { name: 'child.add', args: { type: 'note', id: `${this.station}-n${n}`, parentType: 'repairJob', parentId: id, fields: { text: `note ${n}` } } };
        break;
      case 'forbidden':
        // Only the chief may change the policy: from anyone else the server must reject it.
        m = { name: 'record.upsert', args: { type: 'policyRule', id: `${this.station}-rule${n}`, fields: { ruleId: 'appeal.complaint.reply', effectiveFrom: new Date(this.clock).toISOString(), amount: (n % 30) + 1, unit: 'workingDays' }, base: {} } };
        break;
    }
    const r = await save(d.db, [m], { author: d.auth.userId, now: new Date(this.clock + (this.skews[devIndex] ?? 0)) });
    // A save the local merge refuses (reopen of a row not yet here, or not behind) is fine: nothing was written.
    if (!r.ok && r.index !== 0) throw new Error(`save failed: ${JSON.stringify(r)}`);
  }

  async sync(devIndex: number, faults: readonly Fault[]): Promise<void> {
    this.net.setPlan(faults);
    await this.devices[devIndex]!.engine.runOnce();
    this.net.setPlan([]);
  }

  async run(trace: Trace): Promise<void> {
    for (const s of trace.steps) {
      if (s.t === 'edit') await this.edit(s.dev, s.rec, s.op);
      else if (s.t === 'sync') await this.sync(s.dev, s.faults);
      else if (s.t === 'deliver') await this.net.deliverHeld(s.pick);
      else this.tick(s.ms);
    }
  }

  /** The network heals: held messages land, then every device syncs until nothing moves. */
  async heal(order: readonly number[]): Promise<number> {
    await this.net.deliverAll(order);
    const maxSeq = async () => Number((await this.pool.query<{ m: string | null }>(
      'SELECT GREATEST((SELECT max(seq) FROM records WHERE station = $1), (SELECT max(seq) FROM children WHERE station = $1)) AS m', [this.station])).rows[0]!.m ?? 0);
    // Round one: everyone pushes and pulls. Later rounds: only those behind the server pull again.
    let behind = this.devices;
    for (let round = 1; round <= 4; round += 1) {
      for (const d of behind) {
        const out = await d.engine.runOnce();
        if (!out.ok) throw new Error(`heal: device ${d.i} sync failed: ${out.reason}`);
      }
      const top = await maxSeq();
      const next: SimDevice[] = [];
      for (const d of this.devices) {
        const s = await readSyncState(d.db);
        if (s.cursor !== top || (await d.db.outbox.count()) !== 0) next.push(d);
      }
      if (next.length === 0) return round;
      behind = next;
    }
    throw new Error('heal: devices did not reach quiescence in 4 rounds');
  }
}
