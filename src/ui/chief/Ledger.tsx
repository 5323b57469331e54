import './chief.css';
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, labelOr, reasonMessage, t } from '../../i18n';
import { keepCurrent, refreshLedger, takeOther, useLedger, type ConflictRow } from '../../state/ledger';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';

// Where each record type's field names and value names live in the locale files.
const NAMESPACE: Record<string, string> = { repairJob: 'repair', appeal: 'appeal', visit: 'visit', customer: 'customer', zone: 'zone', zoneDuty: 'zone', handover: 'handover' };

function fieldLabel(type: string, field: string): string {
  const ns = NAMESPACE[type] ?? type;
  return labelOr([`${ns}.fields.${field}`, `${ns}.detail.${field}`], field);
}

function valueLabel(type: string, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('chief.empty');
  if (typeof v !== 'string') return JSON.stringify(v);
  const ns = NAMESPACE[type] ?? type;
  return labelOr([`${ns}.${field}s.${v}`, `${ns}.${field}.${v}`], v);
}

function openRecord(c: ConflictRow) {
  if (c.recordType === 'repairJob') navigate({ name: 'job', id: c.recordId });
  else if (c.recordType === 'appeal') navigate({ name: 'appeal', id: c.recordId });
  else if (c.recordType === 'visit') navigate({ name: 'visit', id: c.recordId });
}

/** Conflicts (record, field, both values, who, when) and rejected changes with their reasons. */
export function Ledger() {
  const { conflicts, rejections, settled, names, error } = useLedger();
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
        <ul class="ledger-list" data-testid="conflicts">
          {open.map((c) => {
            const name = names[`${c.recordType}:${c.recordId}`];
            return (
              <li key={c.id} class="ledger-item" data-testid="conflict">
                <h3>
                  <button type="button" class="link" onClick={() => openRecord(c)}>
                    {labelOr([`chief.register.${c.recordType}`], c.recordType)}
                    {name ? t('chief.recordName', { name }) : null}
                  </button>
                </h3>
                <dl class="ledger-facts">
                  <dt>{t('chief.field')}</dt>
                  <dd data-testid="conflict-field">{fieldLabel(c.recordType, c.field)}</dd>
                  <dt>{t('chief.kept')}</dt>
                  <dd data-testid="conflict-kept">{valueLabel(c.recordType, c.field, c.keptValue)}</dd>
                  <dt>{t('chief.lost')}</dt>
                  <dd data-testid="conflict-lost">{valueLabel(c.recordType, c.field, c.lostValue)}</dd>
                  <dt>{t('chief.who')}</dt>
                  <dd data-testid="conflict-who">{c.lostAuthor ? staffName(staff, c.lostAuthor) : t('chief.unknownAuthor')}</dd>
                  <dt>{t('chief.when')}</dt>
                  <dd>{formatDateTime(new Date(c.at))}</dd>
                </dl>
                <div class="form-row">
                  <button type="button" class="btn" data-testid="conflict-keep" onClick={() => void keepCurrent(c)}>
                    {t('chief.keep')}
                  </button>
                  <button
                    type="button"
                    class="btn"
                    data-testid="conflict-take"
                    onClick={async () => {
                      const r = await takeOther(c);
                      setFailure(r.ok ? null : reasonMessage(r.code));
                    }}
                  >
                    {t('chief.take')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      </section>
      <section class="card">
        <h2>{t('chief.rejections')}</h2>
        {rejections.length === 0 ? <p>{t('chief.noRejections')}</p> : null}
        <ul class="ledger-list" data-testid="rejections">
          {rejections.map((r) => (
            <li key={r.id} class="ledger-item" data-testid="rejection">
              <h3>{r.recordType ? labelOr([`chief.register.${r.recordType}`], r.recordType) : r.name}</h3>
              <dl class="ledger-facts">
                <dt>{t('chief.reason')}</dt>
                <dd data-testid="rejection-reason">{reasonMessage(r.code)}</dd>
                <dt>{t('chief.who')}</dt>
                <dd data-testid="rejection-who">{staffName(staff, r.userId)}</dd>
                <dt>{t('chief.when')}</dt>
                <dd>{formatDateTime(new Date(r.at))}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
