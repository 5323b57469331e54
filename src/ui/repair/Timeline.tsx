import { formatDateTime, t } from '../../i18n';
import type { ChildRow } from '../../domain/records';
import { staffName, useStaff } from '../../state/staff';

/** Every status event, in the order it happened, with who, when and where. */
export function Timeline({ items }: { items: ChildRow[] }) {
  const staff = useStaff();
  const events = items
    .filter((c) => c.type === 'statusEvent')
    .sort((a, b) => String(a.data.at).localeCompare(String(b.data.at)) || a.hlc.localeCompare(b.hlc));
  return (
    <section>
      <h2>{t('repair.detail.timeline')}</h2>
      <ol class="timeline" data-testid="timeline">
        {events.map((e) => (
          <li key={e.id} data-status={String(e.data.status)}>
            <strong>{t(`repair.status.${String(e.data.status) as 'registered'}`)}</strong>
            <span>{formatDateTime(new Date(String(e.data.at)))}</span>
            <span>{t('repair.detail.by', { name: staffName(staff, (e.data.by as string | undefined) ?? e.author) })}</span>
            {typeof e.data.lat === 'number' ? <span>{t('repair.detail.at', { latitude: e.data.lat as number, longitude: e.data.lng as number })}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
