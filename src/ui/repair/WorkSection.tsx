import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n';
import type { RecordRow } from '../../domain/records';
import { updateFields } from '../../state/repair';
import { markDirty } from '../../state/store';

export const CAUSES = ['lineFault', 'transformer', 'meter', 'fuse', 'customerSide', 'weather', 'thirdParty', 'other'] as const;

/** Cause, work done and the restoration time told to the customer (000 item 20). */
export function WorkSection({ job, onError }: { job: RecordRow; onError: (code: string) => void }) {
  const [cause, setCause] = useState(String(job.data.cause ?? ''));
  const [causeNote, setCauseNote] = useState(String(job.data.causeNote ?? ''));
  const [workDone, setWorkDone] = useState(String(job.data.workDone ?? ''));
  const [expected, setExpected] = useState('');
  // A change that arrives by sync replaces what is shown, unless the user is editing that field.
  const seen = useRef({ cause, causeNote, workDone });
  useEffect(() => {
    const next = { cause: String(job.data.cause ?? ''), causeNote: String(job.data.causeNote ?? ''), workDone: String(job.data.workDone ?? '') };
    if (cause === seen.current.cause) setCause(next.cause);
    if (causeNote === seen.current.causeNote) setCauseNote(next.causeNote);
    if (workDone === seen.current.workDone) setWorkDone(next.workDone);
    seen.current = next;
  }, [job.data.cause, job.data.causeNote, job.data.workDone]);
  const dirty = cause !== String(job.data.cause ?? '') || causeNote !== String(job.data.causeNote ?? '') || workDone !== String(job.data.workDone ?? '') || expected !== '';
  useEffect(() => {
    if (!dirty) return;
    markDirty(1);
    return () => markDirty(-1);
  }, [dirty]);
  const told = job.data.expectedRestoreAt as string | null | undefined;
  return (
    <section class="card">
      <form
        class="form"
        data-testid="work-form"
        onSubmit={async (e) => {
          e.preventDefault();
          // Only what this user changed: sending untouched fields would overwrite another device's edit.
          const changed: Record<string, string> = {};
          if (cause !== String(job.data.cause ?? '')) changed.cause = cause;
          if (causeNote !== String(job.data.causeNote ?? '')) changed.causeNote = causeNote;
          if (workDone !== String(job.data.workDone ?? '')) changed.workDone = workDone;
          if (Object.keys(changed).length === 0) return;
          const r = await updateFields(job, changed);
          if (!r.ok) onError(r.code);
        }}
      >
        <div class="field">
          <label for="w-cause">
            <span>{t('repair.detail.cause')}</span>
          </label>
          <select id="w-cause" name="cause" value={cause} onChange={(e) => setCause(e.currentTarget.value)}>
            <option value="">{t('repair.detail.cause')}</option>
            {CAUSES.map((c) => (
              <option key={c} value={c}>
                {t(`repair.causes.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="w-causeNote">
            <span>{t('repair.detail.causeNote')}</span>
          </label>
          <textarea id="w-causeNote" name="causeNote" value={causeNote} onInput={(e) => setCauseNote(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="w-workDone">
            <span>{t('repair.detail.workDone')}</span>
          </label>
          <textarea id="w-workDone" name="workDone" value={workDone} onInput={(e) => setWorkDone(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn btn-primary" data-testid="save-work">
          {t('repair.detail.saveWork')}
        </button>
      </form>
      <form
        class="form"
        data-testid="expected-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!expected) return;
          // datetime-local is the device's wall time; stations run on Beijing time.
          const at = new Date(`${expected}:00+08:00`);
          if (Number.isNaN(at.getTime())) return;
          const r = await updateFields(job, { expectedRestoreAt: at.toISOString() });
          if (!r.ok) onError(r.code);
          else setExpected('');
        }}
      >
        <div class="field">
          <label for="w-expected">
            <span>{t('repair.detail.expectedRestore')}</span>
          </label>
          <input id="w-expected" name="expectedRestoreAt" type="datetime-local" value={expected} onInput={(e) => setExpected(e.currentTarget.value)} />
        </div>
        {told ? <p data-testid="expected-told">{t('repair.detail.expectedTold', { time: formatDateTime(new Date(told)) })}</p> : null}
        <button type="submit" class="btn">
          {t('repair.detail.saveExpected')}
        </button>
      </form>
    </section>
  );
}
