import Dexie, { type Table } from 'dexie';

// The device's own counters for numbers read out to customers (appeal numbers). A small
// database apart from the users' ones, keyed by the device code the server issued and the
// year, so a number survives reloads, sign-outs and a user's database being rebuilt, and
// is never made twice on this device. Incremented in one read-write transaction.

interface CounterRow {
  key: string;
  value: number;
}

class CountersDb extends Dexie {
  counters!: Table<CounterRow, string>;
  constructor(name: string) {
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({ counters: 'key' });
  }
}

const DEFAULT_NAME = 'stationdesk-counters';
let db: CountersDb | null = null;

function open(): CountersDb {
  db ??= new CountersDb(DEFAULT_NAME);
  return db;
}

/** Closes the handle (tests use it to stand for a reload: the next call opens it afresh). */
export function closeCounters(): void {
  db?.close();
  db = null;
}

/**
 * The next value of a counter, at least `floor + 1` (a floor from numbers this device is
 * known to have made, in case this database was cleared on its own). Strict durability:
 * the number is read out to a customer right away.
 */
export async function nextCounter(key: string, floor = 0): Promise<number> {
  const d = open();
  return d.transaction('rw', d.counters, async () => {
    const row = await d.counters.get(key);
    const value = Math.max(row?.value ?? 0, floor) + 1;
    await d.counters.put({ key, value });
    return value;
  });
}

export async function peekCounter(key: string): Promise<number> {
  return (await open().counters.get(key))?.value ?? 0;
}
