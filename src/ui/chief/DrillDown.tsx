import { t } from '../../i18n';
import { useRecordsByIds } from '../../state/desk';
import { navigate } from '../../state/store';

const label = (_type: string, data: Record<string, unknown>) => String(data.number ?? data.customerName ?? data.name ?? data.zoneName ?? '');

/** The records behind a figure. */
export function DrillDown({ ids, onClose }: { ids: string[]; onClose: () => void }) {
  const rows = useRecordsByIds(ids);
  return (
    <section class="card drill no-print" data-testid="drill-down">
      <h2>{t('report.drill', { count: ids.length })}</h2>
      <ul>
        {rows.map((r) => (
          <li key={`${r.type}-${r.id}`}>
            {r.type === 'repairJob' ? (
              <button type="button" class="link" onClick={() => navigate({ name: 'job', id: r.id })}>
                {label(r.type, r.data)}
              </button>
            ) : r.type === 'appeal' || r.type === 'visit' ? (
              <button type="button" class="link" onClick={() => navigate({ name: r.type as 'appeal', id: r.id })}>
                {label(r.type, r.data) || r.id.slice(0, 8)}
              </button>
            ) : (
              <span>{label(r.type, r.data) || r.id.slice(0, 8)}</span>
            )}
            <span class="hint">{t(`chief.register.${r.type as 'repairJob'}`)}</span>
          </li>
        ))}
      </ul>
      <button type="button" class="btn" onClick={onClose}>
        {t('report.close')}
      </button>
    </section>
  );
}
