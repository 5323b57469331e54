import { cacheFetchedBlob, childrenOf, getBlob, getRecord, listRecords, putBlob, uuidv7, type StationDb } from '../db';
import type { ChildRow, RecordRow } from '../domain/records';
import {
  dispatchMutations, intakeMutations, returnVisitMutation, stepMutations, type IntakeInput,
} from '../domain/repair';
import type { MutationBody } from '../domain/mutations';
import { clockPolicy, disasterPeriods, trustedNow } from './clocks';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';
import { compressPhoto } from './photo';

// The repair register's reads and writes for the screens. Every write is one save: the
// job, its status event and anything it implies (the return visit) in one transaction.

export const newId = (): string => uuidv7();

export function useRepairJobs(filter: { assignee?: string } = {}): RecordRow[] {
  return useLive((db) => listRecords(db, 'repairJob', filter), [filter.assignee], []);
}

export function useRecord(type: 'repairJob' | 'visit', id: string): RecordRow | null | undefined {
  return useLive((db) => getRecord(db, type, id), [type, id], undefined);
}

export function useChildren(parentId: string): ChildRow[] {
  return useLive((db) => childrenOf(db, 'repairJob', parentId), [parentId], []);
}

function me(): { userId: string; station: string; unit: string } | null {
  const d = currentDevice();
  return d ? { userId: d.session.userId, station: d.session.station, unit: d.session.station } : null;
}

export async function createJob(input: IntakeInput, assignee: string | null, now = trustedNow()): Promise<SaveOutcome> {
  const who = me();
  if (!who) return { ok: false, code: 'session.none' };
  const jobId = newId();
  return saveChanges(
    intakeMutations(input, { jobId, eventId: newId(), eventIdDispatch: newId(), now, userId: who.userId, responsibleUnit: who.unit, assignee }),
    now,
  );
}

export async function step(job: RecordRow, status: string, opts: { where?: { lat: number; lng: number }; now?: Date } = {}): Promise<SaveOutcome> {
  const who = me();
  if (!who) return { ok: false, code: 'session.none' };
  const now = opts.now ?? trustedNow();
  const mutations: MutationBody[] = stepMutations(job, status, { eventId: newId(), now, userId: who.userId, where: opts.where });
  if (status === 'archived') {
    // 001 第十一条: the return visit is born with the archive, offline if need be.
    const visit = returnVisitMutation(job, now, await disasterPeriods(), clockPolicy());
    if (visit) mutations.push(visit);
  }
  return saveChanges(mutations, now);
}

export async function dispatch(job: RecordRow, assignee: string, now = trustedNow()): Promise<SaveOutcome> {
  const who = me();
  if (!who) return { ok: false, code: 'session.none' };
  return saveChanges(dispatchMutations(job, assignee, { eventId: newId(), now, userId: who.userId }), now);
}

export async function updateFields(job: RecordRow, fields: Record<string, unknown>, now = trustedNow()): Promise<SaveOutcome> {
  const base: Record<string, string | null> = {};
  for (const k of Object.keys(fields)) base[k] = job.clocks[k] ?? null;
  return saveChanges([{ name: 'record.upsert', args: { type: 'repairJob', id: job.id, fields, base } }], now);
}

export async function addChild(job: RecordRow, type: 'material' | 'note' | 'signature' | 'photo', fields: Record<string, unknown>, now = trustedNow()): Promise<SaveOutcome> {
  return saveChanges([{ name: 'child.add', args: { type, id: newId(), parentType: 'repairJob', parentId: job.id, fields } }], now);
}

export async function addPhoto(job: RecordRow, file: Blob, now = trustedNow()): Promise<SaveOutcome & { bytes?: number }> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  let photo;
  try {
    photo = await compressPhoto(file);
  } catch {
    return { ok: false, code: 'photo.unreadable' };
  }
  const sha256 = await putBlob(d.db, photo.blob, { now, thumbnail: photo.thumbnail });
  const r = await addChild(job, 'photo', { sha256, bytes: photo.blob.size, width: photo.width, height: photo.height }, now);
  return r.ok ? { ...r, bytes: photo.blob.size } : r;
}

const fetching = new Set<string>();

/** Photos taken on another device are fetched once, when first shown, and kept here. */
async function fetchRemoteBlob(db: StationDb, sha256: string): Promise<void> {
  const d = currentDevice();
  if (!d || fetching.has(sha256)) return;
  fetching.add(sha256);
  try {
    const res = await fetch(`/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${d.session.accessToken}` } });
    if (res.ok) await cacheFetchedBlob(db, sha256, await res.blob(), trustedNow());
  } catch {
    // Offline: shown as pending until the next time the screen asks.
  } finally {
    fetching.delete(sha256);
  }
}

export function usePhotoUrl(sha256: string, thumbnail = true): string | null {
  return useLive(
    async (db) => {
      const b = await getBlob(db, sha256);
      if (!b) void fetchRemoteBlob(db, sha256);
      const blob = thumbnail ? b?.thumbnail ?? b?.blob : b?.blob;
      return blob ? URL.createObjectURL(blob) : null;
    },
    [sha256, thumbnail],
    null,
  );
}
