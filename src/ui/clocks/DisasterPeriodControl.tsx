import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { declareDisasterPeriod, endDisasterPeriod, formatDeadline, useClockScheduler, useDisasterPeriods } from '../../state/clocks';

/** The chief declares or ends a natural-disaster period ([DL5]: 48 h return visits). */
export function DisasterPeriodControl() {
  useClockScheduler();
  const periods = useDisasterPeriods();
  const open = periods.find((p) => p.to == null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (f: () => Promise<{ ok: boolean; code?: string }>) => {
    setBusy(true);
    const r = await f();
    setBusy(false);
    setFailure(r.ok ? null : t('clock.disaster.failed', { reason: reasonMessage(r.code ?? 'unknown') }));
    if (r.ok) setNote('');
  };
  return (
    <section class="card disaster-period" data-testid="disaster-period" data-active={open ? 'true' : 'false'}>
      <h2>{t('clock.disaster.title')}</h2>
      <p class={open ? 'warn' : 'muted'} data-testid="disaster-state">
        {open ? t('clock.disaster.active', { from: formatDeadline(new Date(open.from)) }) : t('clock.disaster.none')}
      </p>
      {open?.note ? <p class="muted">{open.note}</p> : null}
      {open ? (
        <button type="button" class="btn" disabled={busy} data-testid="disaster-end" onClick={() => void run(() => endDisasterPeriod(open))}>
          {t('clock.disaster.end')}
        </button>
      ) : (
        <>
          <label class="field">
            <span>{t('clock.disaster.note')}</span>
            <input name="disasterNote" value={note} maxLength={500} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="button" class="btn btn-warn" disabled={busy} data-testid="disaster-declare" onClick={() => void run(() => declareDisasterPeriod(note))}>
            {t('clock.disaster.declare')}
          </button>
        </>
      )}
      <p class="hint">{t('clock.disaster.hint')}</p>
      {failure ? (
        <p class="error" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}
