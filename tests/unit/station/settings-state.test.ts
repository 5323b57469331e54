import { waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { applyPullPage, listRecords } from '../../../src/db';
import { isWorkingDay } from '../../../src/domain/calendar';
import { ruleAt } from '../../../src/domain/policy';
import { clockPolicy, evaluate } from '../../../src/state/clocks';
import { currentDevice } from '../../../src/state/device';
import { previewCalendarFile, saveCalendarYear, saveDueSoonPercent, saveRuleChange } from '../../../src/state/station-settings';
import { trustedNow } from '../../../src/state/time';
import { row } from '../clocks/rows';
import { offlineDevice } from '../appeals/session';


const REPLY = 'appeal.complaint.reply';

// No server in unit tests: what the clocks follow is exactly what is stored on this device.
offlineDevice('chief', { withClocks: true });

const db = () => currentDevice()!.db;
const reply = (r: ReturnType<typeof row>) => evaluate(r).find((c) => c.ruleId === REPLY)!;

describe("the chief's settings drive this device's clocks", () => {
  it('[DL10][DL11][DL2] a saved rule change applies to clocks started after it; a complaint received before keeps its deadline', async () => {
    const before = row('appeal', { kind: 'complaint', receivedAt: new Date(trustedNow().getTime() - 3_600_000).toISOString() });
    const oldDeadline = reply(before).ev.deadline!.getTime();
    const r = await saveRuleChange({ ruleId: REPLY, amount: 9, unit: 'workingDays' });
    expect(r.ok).toBe(true);
    await waitFor(() => expect(clockPolicy().changes.map((c) => c.amount)).toEqual([9]));
    const after = row('appeal', { kind: 'complaint', receivedAt: new Date(trustedNow().getTime() + 60_000).toISOString() });
    expect(reply(after).rule.amount).toBe(9);
    expect(reply(before).rule.amount).toBe(5);
    expect(reply(before).ev.deadline!.getTime()).toBe(oldDeadline);
    // The same change again: nothing saved.
    expect(await saveRuleChange({ ruleId: REPLY, amount: 9, unit: 'workingDays', effectiveFrom: new Date(trustedNow().getTime() + 60_000).toISOString() })).toEqual({ ok: false, code: 'policy.no_change' });
    expect(await listRecords(db(), 'policyRule')).toHaveLength(1);
  });

  it('[DL11] bad input is refused with its reason and saves nothing', async () => {
    const n = (await listRecords(db(), 'policyRule')).length;
    expect(await saveRuleChange({ ruleId: REPLY, amount: 0, unit: 'workingDays' })).toMatchObject({ ok: false, code: 'policy.invalid_change' });
    expect(await saveRuleChange({ ruleId: REPLY, amount: 3, unit: 'workingDays', effectiveFrom: '2020-01-01T00:00:00Z' })).toEqual({ ok: false, code: 'policy.effective_in_past' });
    expect(await saveRuleChange({ ruleId: 'report.monthly', amount: 3, unit: 'hours' })).toEqual({ ok: false, code: 'policy.unit_mismatch' });
    expect(await listRecords(db(), 'policyRule')).toHaveLength(n);
  });

  it('[DL3][DL10] the due-soon percentage goes on the station record and into the policy', async () => {
    expect(await saveDueSoonPercent('150')).toEqual({ ok: false, code: 'policy.bad_due_soon' });
    expect((await saveDueSoonPercent('40')).ok).toBe(true);
    await waitFor(() => expect(clockPolicy().dueSoonFraction).toBe(0.4));
  });

  it('[CA8][CA9] an imported year moves working-day deadlines; a second import of the year replaces the first; a bad file saves nothing', async () => {
    // A complaint received Fri 2026-03-27 (5 working days, the default then): Mar 30, 31,
    // Apr 1, 2, 3 → due Apr 3. With Mon Mar 30 a holiday: Mar 31, Apr 1, 2, 3, (Apr 6 is
    // 清明, off) Apr 7 → due Apr 7.
    const complaint = row('appeal', { kind: 'complaint', receivedAt: '2026-03-27T10:00:00+08:00' });
    expect(reply(complaint).ev.deadline!.toISOString()).toBe('2026-04-03T15:59:59.999Z');
    const text = (await import('../../../src/domain/calendar')).OFFICIAL_CALENDAR.years['2026']!;
    const file = ['日期,类型', ...[...text.off, '2026-03-30'].map((d) => `${d},休`), ...text.workdays.map((d) => `${d},班`)].join('\n');
    const preview = await previewCalendarFile(file);
    expect(preview.ok && preview.preview).toMatchObject({ year: 2026, off: 20, workdays: 6, replacing: { off: 19, workdays: 6 } });
    if (!preview.ok) return;
    expect((await saveCalendarYear(preview.input)).ok).toBe(true);
    await waitFor(() => expect(reply(complaint).ev.deadline!.toISOString()).toBe('2026-04-07T15:59:59.999Z'));

    // Again without the extra holiday: the same record, the official days back.
    const again = await previewCalendarFile(file.replace('\n2026-03-30,休', ''));
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect((await saveCalendarYear(again.input)).ok).toBe(true);
    await waitFor(() => expect(reply(complaint).ev.deadline!.toISOString()).toBe('2026-04-03T15:59:59.999Z'));
    expect((await listRecords(db(), 'calendarYear')).map((r) => r.id)).toEqual(['cal-S1-2026']);

    const bad = await previewCalendarFile('2026-03-30,休\n2026-03-31,maybe\n');
    expect(bad).toEqual({ ok: false, reason: 'calendarFile.bad_kind', line: 2, detail: 'maybe' });
    expect(await listRecords(db(), 'calendarYear')).toHaveLength(1);
  });

  it('[DL10][CA8] settings another device saved reach the clocks when a pull brings them', async () => {
    const effectiveFrom = new Date(trustedNow().getTime() - 1000).toISOString();
    const stamp = `${String(Date.now()).padStart(15, '0')}-000000-other`;
    const records = [
      { id: '01999999-0000-7000-8000-000000000001', type: 'policyRule', data: { ruleId: 'appeal.report.reply', effectiveFrom, amount: 12, unit: 'workingDays' } },
      { id: 'cal-S1-2027', type: 'calendarYear', data: { year: 2027, off: ['2027-01-01'], workdays: ['2027-01-09'], notice: null } },
    ];
    await applyPullPage(
      db(),
      {
        changes: records.map((r, i) => ({
          seq: 10_000 + i, kind: 'record' as const,
          row: { ...r, station: 'S1', clocks: Object.fromEntries(Object.keys(r.data).map((k) => [k, stamp])), status: null, statusGen: 0, statusHlc: null, deleted: false, createdBy: 'u-other-chief', hlc: stamp },
        })),
        cursor: 10_001, lastMid: 0, hasMore: false,
      },
      { now: new Date(), clockOffsetMs: 0 },
    );
    await waitFor(() => expect(ruleAt(clockPolicy(), 'appeal.report.reply', new Date())?.amount).toBe(12));
    const report = row('appeal', { kind: 'report', receivedAt: new Date().toISOString() });
    expect(evaluate(report).find((c) => c.ruleId === 'appeal.report.reply')?.rule.amount).toBe(12);
    // Sat 2027-01-09 now counts: 1 working day after Fri 2027-01-08 is that Saturday.
    expect(isWorkingDay('2027-01-09')).toBe(false);
    const contact = evaluate(row('appeal', { kind: 'complaint', receivedAt: '2027-01-08T10:00:00+08:00' })).find((c) => c.ruleId === 'appeal.complaint.contact')!;
    expect(contact.ev.deadline!.toISOString()).toBe('2027-01-09T15:59:59.999Z');
    expect(contact.ev.provisional).toBe(false);
  });
});
