import { openUserDb, readSyncState, uuidv7, type StationDb } from '../../../src/db';
import { createSyncEngine, type SyncEngine } from '../../../src/sync';
import { FakeServer } from './fake-server';

export const T0 = new Date('2026-03-02T08:00:00.000Z');

export interface Device {
  db: StationDb;
  engine: SyncEngine;
  transport: ReturnType<FakeServer['transport']>;
  clock: { now: Date };
  clientId: string;
}

export async function device(server: FakeServer, opts: { onWipe?: () => void } = {}): Promise<Device> {
  const db = await openUserDb(server.userId, { station: server.station, name: `dev-${uuidv7()}` });
  const clientId = (await readSyncState(db)).clientId;
  const clock = { now: T0 };
  const transport = server.transport(() => clientId);
  const engine = createSyncEngine({ db, transport, appVersion: 'test', now: () => clock.now, locks: null, random: () => 0.5, onWipe: opts.onWipe });
  return { db, engine, transport, clock, clientId };
}
