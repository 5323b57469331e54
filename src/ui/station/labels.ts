import { t } from '../../i18n';
import type { RecordType, Unit } from '../../domain/policy';

// Rule ids and event names come from the policy data at run time, so their keys are
// built, not typed; every one of them is in the locales (checked by the screen's test).
const tk = t as unknown as (key: string, opts?: Record<string, unknown>) => string;

/** The rule's name, e.g. "投诉：答复". Dots in rule ids would nest locale keys, so they become underscores. */
export function ruleName(id: string): string {
  return tk(`station.rule.${id.replace(/\./g, '_')}`);
}

/** What a clock counts from, e.g. "受理时". */
export function eventName(event: string): string {
  return tk(`station.event.${event}`);
}

export function groupName(type: RecordType): string {
  return tk(`station.group.${type}`);
}

/** A setting in words: "5 个工作日", "次月 7 日 16:00". */
export function settingText(s: { amount: number; unit: Unit; dueTime?: string | undefined }): string {
  if (s.unit === 'monthlyReport') {
    return s.dueTime ? t('station.unit.monthlyReportAt', { n: s.amount, time: s.dueTime }) : t('station.unit.monthlyReport', { n: s.amount });
  }
  return tk(`station.unit.${s.unit}`, { n: s.amount });
}

export function unitName(unit: Unit): string {
  return tk(`station.unitName.${unit}`);
}
