import { formatDateTime, t } from '../../i18n';
import { isChecklistKey } from '../../domain/zones';
import type { RecordRow } from '../../domain/records';
import { staffName, type StaffMember } from '../../state/staff';

/** A checklist item: the standard's items in the reader's language, typed items as typed. */
export function itemText(item: string): string {
  return isChecklistKey(item) ? t(`zone.item.${item}`) : item;
}

export function holderText(staff: readonly StaffMember[], holder: unknown, holderKind: unknown): string {
  if (typeof holder !== 'string' || !holder) return t('zone.noHolder');
  return holderKind === 'office' ? holder : staffName(staff, holder);
}

export type DutyKindKey = 'shift' | 'weekly' | 'reclean';

export function dutyKind(d: RecordRow): DutyKindKey {
  return d.data.kind === 'weekly' || d.data.kind === 'reclean' ? d.data.kind : 'shift';
}

export type DutyStatusKey = 'due' | 'cleaned' | 'passed' | 'failed';

export function dutyStatus(d: RecordRow): DutyStatusKey {
  return d.status === 'cleaned' || d.status === 'passed' || d.status === 'failed' ? d.status : 'due';
}

/** "Business hall · end-of-shift clean" */
export function dutyTitle(d: RecordRow): string {
  return t('zone.dutyTitle', { zone: String(d.data.zoneName ?? ''), kind: t(`zone.dutyKind.${dutyKind(d)}`) });
}

export function at(v: unknown): string {
  return typeof v === 'string' && v ? formatDateTime(new Date(v)) : '';
}
