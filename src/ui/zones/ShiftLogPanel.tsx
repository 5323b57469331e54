import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { PHASE_CHECKS, SHIFT_PHASES, patrolHours, patrolState, validateShiftLog, type ShiftPhase } from '../../domain/shift';
import { currentShift } from '../../domain/zones';
import { clockPolicy, trustedNow, useClockSummary } from '../../state/clocks';
import { staffName, useStaff } from '../../state/staff';
import { addShiftLog, useShiftLogs, useZoneSettings } from '../../state/zones';
import { Field } from '../repair/Field';
import { at } from './labels';

/** The shift leader's daily log (003): before, during (every 4 hours), after, and the work log. */
export function ShiftLogPanel() {
  useClockSummary(); // re-render as time passes
  const settings = useZoneSettings();
  const now = trustedNow();
  const shift = currentShift(now, settings.shiftTimes);
  const day = shift?.date ?? '';
  const logs = useShiftLogs(day);
  const staff = useStaff();
  const [phase, setPhase] = useState<ShiftPhase>('before');
  const [checks, setChecks] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const patrol = shift ? patrolState(logs, shift, now, patrolHours(clockPolicy(), now)) : null;
  return (
    <section class="card" data-testid="shift-log">
      <h2>{t('shiftLog.title')}</h2>
      {patrol?.dueBy ? (
        <p class={patrol.overdue ? 'error' : 'hint'} data-testid="patrol-due" data-overdue={patrol.overdue ? 'true' : 'false'}>
          {patrol.overdue ? t('shiftLog.patrolOverdue', { due: at(patrol.dueBy.toISOString()) }) : t('shiftLog.patrolDue', { due: at(patrol.dueBy.toISOString()) })}
        </p>
      ) : null}
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const input = { phase, checks, note };
          if (validateShiftLog(input)) {
            setMsg(t('shiftLog.noteRequired'));
            return;
          }
          const r = await addShiftLog(input);
          setMsg(r.ok ? t('shiftLog.saved') : reasonMessage(r.code));
          if (r.ok) {
            setChecks([]);
            setNote('');
          }
        }}
      >
        <Field id="sl-phase" label={t('shiftLog.phase')}>
          <select id="sl-phase" name="phase" value={phase} onChange={(e) => { setPhase(e.currentTarget.value as ShiftPhase); setChecks([]); }}>
            {SHIFT_PHASES.map((p) => (
              <option key={p} value={p}>{t(`shiftLog.phases.${p}`)}</option>
            ))}
          </select>
        </Field>
        {PHASE_CHECKS[phase].map((c) => (
          <label key={c} class="check">
            <input type="checkbox" checked={checks.includes(c)} onChange={(e) => setChecks((l) => (e.currentTarget.checked ? [...l, c] : l.filter((x) => x !== c)))} />
            <span>{t(`shiftLog.checks.${c as 'hygiene'}`)}</span>
          </label>
        ))}
        <label class="field">
          <span>{phase === 'workLog' ? t('shiftLog.workLog') : t('shiftLog.note')}</span>
          <textarea name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        {msg ? <p role="status" data-testid="shift-log-result">{msg}</p> : null}
        <button type="submit" class="btn" data-testid="shift-log-submit">{t('shiftLog.add')}</button>
      </form>
      <ul class="shift-log-entries" data-testid="shift-log-entries">
        {logs.map((l) => (
          <li key={l.id}>
            <strong>{t(`shiftLog.phases.${(l.data.phase ?? 'during') as 'during'}`)}</strong>{' '}
            <span>{t('shiftLog.byAt', { name: staffName(staff, l.data.by as string | undefined), at: at(l.data.at) })}</span>
            {Array.isArray(l.data.checks) && l.data.checks.length ? <span class="hint">{(l.data.checks as string[]).map((c) => t(`shiftLog.checks.${c as 'hygiene'}`)).join(t('shiftLog.sep'))}</span> : null}
            {l.data.note ? <p>{String(l.data.note)}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
