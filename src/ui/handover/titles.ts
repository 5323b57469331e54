import { t } from '../../i18n';
import type { RecordRow } from '../../domain/records';
import { navigate } from '../../state/store';
import { dutyTitle } from '../zones/labels';

/** A handed item's name: from its record when this device holds it, else as handed over. */
export function itemTitle(itemType: string, row: RecordRow | null, stored?: unknown): string {
  if (!row) return typeof stored === 'string' && stored ? stored : t('handover.unknownItem');
  switch (itemType) {
    case 'repairJob':
      return t('handover.itemTitle.repairJob', { name: String(row.data.customerName ?? ''), address: String(row.data.address ?? '') });
    case 'appeal':
      return t('handover.itemTitle.appeal', { number: String(row.data.number ?? ''), subject: String(row.data.subject ?? row.data.customerName ?? '') });
    case 'visit':
      return t('handover.itemTitle.visit', { name: String(row.data.customerName ?? '') });
    case 'zoneDuty':
      return dutyTitle(row);
    default:
      return t('handover.unknownItem');
  }
}

export function typeLabel(itemType: string): string {
  const k = itemType === 'repairJob' || itemType === 'appeal' || itemType === 'visit' || itemType === 'zoneDuty' ? itemType : 'repairJob';
  return t(`handover.type.${k}`);
}

export function openItem(itemType: string, id: string, row: RecordRow | null): void {
  if (itemType === 'repairJob') navigate({ name: 'job', id });
  else if (itemType === 'appeal') navigate({ name: 'appeal', id });
  else if (itemType === 'visit') navigate({ name: 'visit', id });
  else if (itemType === 'zoneDuty' && row) navigate({ name: 'zone', id: String(row.data.zoneId ?? '') });
}
