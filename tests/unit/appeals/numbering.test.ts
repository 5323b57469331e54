import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeCounters, nextCounter, peekCounter } from '../../../src/db/counters';
import {
  KIND_LETTERS, NUMBER_MAX, beijingYear, formatAppealNumber, highestSeq, parseAppealNumber, type AppealKind,
} from '../../../src/domain/appeals';
import { APPEAL_KINDS } from '../../../src/domain/records';
import { nextAppealNumber, registerAppeal } from '../../../src/state/appeals';
import { installDeviceBinding } from '../../../src/state/device';
import { EMPTY_APPEAL } from '../../../src/domain/appeals';
import { signedIn } from './session';

describe('the appeal number', () => {
  it('is year, type letter, device code and a 4-digit sequence, at most 16 characters', () => {
    expect(formatAppealNumber(2026, 'complaint', 'B3', 12)).toBe('2026T-B3-0012');
    expect(formatAppealNumber(2026, 'report', 'B3', 1)).toBe('2026J-B3-0001');
    expect(formatAppealNumber(2026, 'complaint', 'ZZZZZ', 9999)).toBe('2026T-ZZZZZ-9999');
    expect(formatAppealNumber(2026, 'complaint', 'B3', 12345)).toBe('2026T-B3-12345');
    for (const kind of APPEAL_KINDS) expect(formatAppealNumber(2026, kind, 'ZZZZ', 99_999)!.length).toBeLessThanOrEqual(NUMBER_MAX);
    // Too long for 16 characters, a bad code or a bad sequence makes no number at all.
    expect(formatAppealNumber(2026, 'complaint', 'ZZZZZZ', 99_999)).toBeNull();
    expect(formatAppealNumber(2026, 'complaint', 'b3', 1)).toBeNull();
    expect(formatAppealNumber(2026, 'complaint', 'B3', 0)).toBeNull();
  });

  it('every type has its own letter', () => {
    const letters = APPEAL_KINDS.map((k) => KIND_LETTERS[k]);
    expect(new Set(letters).size).toBe(APPEAL_KINDS.length);
    expect(KIND_LETTERS.complaint).toBe('T');
    expect(KIND_LETTERS.report).toBe('J');
  });

  it('parses back, and the highest own sequence of a year is found', () => {
    expect(parseAppealNumber('2026T-B3-0012')).toEqual({ year: 2026, letter: 'T', deviceCode: 'B3', seq: 12 });
    expect(parseAppealNumber('2026T-B3-12')).toBeNull();
    expect(highestSeq(['2026T-B3-0012', '2026J-B3-0030', '2026T-C4-0099', '2025T-B3-0500', null, 'x'], 'B3', 2026)).toBe(30);
  });

  it('takes the Beijing year: 00:30 on 1 January in Beijing is already the new year', () => {
    expect(beijingYear(new Date('2025-12-31T16:30:00Z'))).toBe(2026);
    expect(beijingYear(new Date('2025-12-31T15:30:00Z'))).toBe(2025);
  });
});

describe('the device counter', () => {
  it('never repeats across reloads, and a floor lifts it', async () => {
    const key = `test:${Math.random()}`;
    const first = [await nextCounter(key), await nextCounter(key), await nextCounter(key)];
    expect(first).toEqual([1, 2, 3]);
    closeCounters(); // as a page reload: the next call opens the database afresh
    expect(await peekCounter(key)).toBe(3);
    expect(await nextCounter(key)).toBe(4);
    expect(await nextCounter(key, 10)).toBe(11);
    expect(await nextCounter(key, 2)).toBe(12);
  });

  it('concurrent calls get distinct values', async () => {
    const key = `test:${Math.random()}`;
    const all = await Promise.all(Array.from({ length: 20 }, () => nextCounter(key)));
    expect(new Set(all).size).toBe(20);
    expect(Math.max(...all)).toBe(20);
  });
});

describe('numbers on a signed-in device', () => {
  let unbind: () => void;
  beforeAll(() => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline'); }));
    unbind = installDeviceBinding();
  });
  afterAll(() => {
    unbind();
    vi.unstubAllGlobals();
  });

  it('rise per device and year whatever the type, survive a reload, and never fall below numbers the device already made', async () => {
    const code = `Q${Math.floor(Math.random() * 900 + 100)}`.slice(0, 4);
    await signedIn('clerk', { deviceCode: code });
    const year = beijingYear(new Date());
    const kinds: AppealKind[] = ['complaint', 'report', 'inquiry'];
    const made: string[] = [];
    for (const k of kinds) {
      const r = await nextAppealNumber(k);
      expect(r.ok).toBe(true);
      if (r.ok) made.push(r.number);
    }
    expect(made).toEqual([`${year}T-${code}-0001`, `${year}J-${code}-0002`, `${year}Z-${code}-0003`]);
    closeCounters();
    const saved = await registerAppeal({ ...EMPTY_APPEAL, kind: 'complaint', customerName: '张三', subject: '电费', content: '电费偏高' });
    expect(saved.ok && saved.number).toBe(`${year}T-${code}-0004`);

    // The counter database lost on its own: the device's own appeals still set the floor.
    closeCounters();
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase('stationdesk-counters');
      req.onsuccess = () => resolve();
      req.onerror = () => resolve();
    });
    const after = await nextAppealNumber('praise');
    expect(after.ok && after.number).toBe(`${year}B-${code}-0005`);
  });
});
