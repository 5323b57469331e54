import { describe, expect, it } from 'vitest';
import { getRecord, live, openUserDb, pendingCount, save, uuidv7 } from '../../../src/db';
import { freshDb, T0, upsert } from './helpers';

function nextValue<T>(sub: { subscribe(next: (v: T) => void): () => void }, accept: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    let stop: (() => void) | null = null;
    let done = false;
    stop = sub.subscribe((v) => {
      if (done || !accept(v)) return;
      done = true;
      queueMicrotask(() => stop?.());
      resolve(v);
    });
  });
}

describe('live queries', () => {
  it('a second tab (another Dexie instance on the same database) sees a save', async () => {
    const { db: tabA, name } = await freshDb();
    const tabB = await openUserDb('u1', { name });
    const id = uuidv7();
    const seen = nextValue(live(() => getRecord(tabB, 'repairJob', id)), (r) => r?.data.address === '西岭');
    const count = nextValue(live(() => pendingCount(tabB)), (n) => n === 1);
    await save(tabA, [upsert('repairJob', id, { address: '西岭' })], { author: 'u1', now: T0 });
    expect((await seen)?.data.address).toBe('西岭');
    expect(await count).toBe(1);
    tabB.close();
  });
});
