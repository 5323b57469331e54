import { getRecord, listRecords } from '../db';
import {
  customerIdOf, customerUpsert, importMutations, parseCustomersCsv, type CsvImport, type CustomerFields,
} from '../domain/customers-csv';
import type { RecordRow } from '../domain/records';
import { trustedNow } from './clocks';
import { saveChanges, useLive, type SaveOutcome } from './device';

// The customer directory: read live, imported from CSV in one save, edited by hand.

export function useCustomers(): RecordRow[] {
  return useLive((db) => listRecords(db, 'customer'), [], []);
}

export function useCustomer(id: string | null | undefined): RecordRow | null {
  return useLive(async (db) => (id ? getRecord(db, 'customer', id) : null), [id ?? ''], null);
}

/** Reads the file's text as UTF-8 (a BOM is dropped by the parser). */
export async function readFileText(file: Blob): Promise<string> {
  return new TextDecoder('utf-8').decode(await file.arrayBuffer());
}

export async function importCustomersCsv(text: string, now = trustedNow()): Promise<{ outcome: SaveOutcome; report: CsvImport }> {
  const report = parseCustomersCsv(text);
  const mutations = importMutations(report);
  if (mutations.length === 0) return { outcome: { ok: true, ids: [] }, report };
  return { outcome: await saveChanges(mutations, now), report };
}

export async function saveCustomer(existing: RecordRow | null, fields: CustomerFields, now = trustedNow()): Promise<SaveOutcome> {
  const id = existing?.id ?? customerIdOf(fields.account);
  const base: Record<string, string | null> = {};
  if (existing) for (const k of Object.keys(fields)) base[k] = existing.clocks[k] ?? null;
  return saveChanges([customerUpsert(id, fields, base)], now);
}
