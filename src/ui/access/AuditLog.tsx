import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { loadAudit, type AuditRow } from '../../state/staff-admin';
import { accessError } from './errors';

function actionText(action: string): string {
  if (action.startsWith('rejected:')) return t('access.audit.actions.rejected');
  switch (action) {
    case 'view.identity':
      return t('access.audit.actions.view');
    case 'export':
      return t('access.audit.actions.export');
    case 'record.upsert':
      return t('access.audit.actions.upsert');
    case 'record.advance':
      return t('access.audit.actions.advance');
    case 'record.reopen':
      return t('access.audit.actions.reopen');
    case 'record.delete':
      return t('access.audit.actions.delete');
    case 'child.add':
      return t('access.audit.actions.childAdd');
    case 'staff.add':
      return t('access.audit.actions.staffAdd');
    case 'staff.change':
      return t('access.audit.actions.staffChange');
    case 'device.revoke':
      return t('access.audit.actions.revoke');
    case 'setup':
      return t('access.audit.actions.setup');
    default:
      return t('access.audit.actions.other');
  }
}

const fields = (detail: unknown) => (Array.isArray(detail) ? detail.filter((x): x is string => typeof x === 'string').join(', ') : '');

/** Who created, changed, viewed the identity on, or exported what, and when (station only). */
export function AuditLog() {
  const [entries, setEntries] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (before?: string) => {
    const r = await loadAudit(before);
    if (r.ok) setEntries((prev) => (before && prev ? [...prev, ...r.value] : r.value));
    else setError(accessError(r.code));
  };
  useEffect(() => {
    void load();
  }, []);
  const last = entries?.[entries.length - 1];
  return (
    <section data-testid="audit-log">
      <h2>{t('access.admin.audit')}</h2>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {entries === null ? (
        <p class="hint">{t('access.admin.loading')}</p>
      ) : entries.length === 0 ? (
        <p class="empty">{t('access.audit.empty')}</p>
      ) : (
        <table class="audit-table">
          <thead>
            <tr>
              <th>{t('access.audit.at')}</th>
              <th>{t('access.audit.who')}</th>
              <th>{t('access.audit.action')}</th>
              <th>{t('access.audit.record')}</th>
              <th>{t('access.audit.fields')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.at}-${i}`} data-testid="audit-entry">
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.userName ?? '—'}</td>
                <td>{actionText(e.action)}</td>
                <td>{e.type ? `${e.type} ${e.id ?? ''}` : '—'}</td>
                <td>{fields(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {last && entries && entries.length % 100 === 0 ? (
        <button type="button" class="btn" onClick={() => void load(last.at)}>
          {t('access.audit.more')}
        </button>
      ) : null}
    </section>
  );
}
