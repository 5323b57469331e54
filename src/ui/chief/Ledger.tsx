import './chief.css';
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, reasonMessage, t } from '../../i18n';
import { keepCurrent, refreshLedger, takeOther, useLedger } from '../../state/ledger';
import { staffName, useStaff } from '../../state/staff';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Conflicts (record, field, both values, who, when) and rejected changes with their reasons. */
export function Ledger() {
  const { conflicts, rejections, settled, error } = useLedger();
  const staff = useStaff();
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    void refreshLedger();
  }, []);
  const open = conflicts.filter((c) => !settled.includes(c.id));
  return (
    <main class="page layout-wide" data-testid="ledger">
      <h1>{t('chief.ledger')}</h1>
      {error ? <p class="error">{reasonMessage(error)}</p> : null}
      {failure ? <p class="error">{failure}</p> : null}
      <section class="card">
        <h2>{t('chief.conflicts')}</h2>
        {open.length === 0 ? <p>{t('chief.noConflicts')}</p> : null}
        <table class="counts" data-testid="conflicts">
          <tbody>
            {open.map((c) => (
              <tr key={c.id}>
                <td>{t(`chief.register.${c.recordType as 'repairJob'}`)}</td>
                <td>{c.field}</td>
                <td>
                  {t('chief.kept')}: {show(c.keptValue)}
                </td>
                <td>
                  {t('chief.lost')}: {show(c.lostValue)}
                </td>
                <td>{staffName(staff, c.lostAuthor ?? c.userId)}</td>
                <td>{formatDateTime(new Date(c.at))}</td>
                <td>
                  <button type="button" class="btn btn-small" onClick={() => keepCurrent(c)}>
                    {t('chief.keep')}
                  </button>
                  <button
                    type="button"
                    class="btn btn-small"
                    onClick={async () => {
                      const r = await takeOther(c);
                      setFailure(r.ok ? null : reasonMessage(r.code));
                    }}
                  >
                    {t('chief.take')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>{t('chief.rejections')}</h2>
        {rejections.length === 0 ? <p>{t('chief.noRejections')}</p> : null}
        <table class="counts" data-testid="rejections">
          <tbody>
            {rejections.map((r) => (
              <tr key={r.id}>
                <td>{r.recordType ? t(`chief.register.${r.recordType as 'repairJob'}`) : r.name}</td>
                <td>
                  {t('chief.reason')}: {reasonMessage(r.code)}
                </td>
                <td>{staffName(staff, r.userId)}</td>
                <td>{formatDateTime(new Date(r.at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
