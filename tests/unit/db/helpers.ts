import { openUserDb, uuidv7, type StationDb } from '../../../src/db';
import type { MutationBody } from '../../../src/domain/mutations';

let n = 0;
/** A fresh user database per test, so tests never see each other's rows. */
export async function freshDb(userId = 'u1', station = 'S1'): Promise<{ db: StationDb; name: string }> {
  n += 1;
  const name = `test-${n}-${uuidv7()}`;
  return { db: await openUserDb(userId, { station, name }), name };
}

export const T0 = new Date('2026-03-02T08:00:00.000Z');

export function upsert(type: 'repairJob' | 'appeal' | 'visit', id: string, fields: Record<string, unknown>, base: Record<string, string | null> = {}): MutationBody {
  return { name: 'record.upsert', args: { type, id, fields, base } };
}
export function advance(type: 'repairJob' | 'appeal', id: string, status: string, gen = 0): MutationBody {
  return { name: 'record.advance', args: { type, id, status, gen } };
}
export function note(id: string, parentId: string, text: string): MutationBody {
  return { name: 'child.add', args: { type: 'note', id, parentType: 'repairJob', parentId, fields: { text } } };
}
