import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, reasonMessage, t } from '../../i18n';
import { ruleAt, type Rule, type RuleSetting, type StationPolicy, type Unit } from '../../domain/policy';
import { beijingLocalInstant } from '../../domain/station-settings';
import { trustedNow } from '../../state/clocks';
import { saveRuleChange } from '../../state/station-settings';
import { markDirty } from '../../state/store';
import { eventName, settingText, unitName } from './labels';

const DURATION_UNITS: readonly Unit[] = ['minutes', 'hours', 'calendarDays', 'workingDays'];

interface Draft {
  amount: string;
  unit: Unit;
  dueTime: string;
  startEvent: string | undefined;
}

const draftOf = (s: { amount: number; unit: Unit; dueTime?: string | undefined; startEvent?: string | undefined }, base: Rule): Draft => ({
  amount: String(s.amount),
  unit: s.unit,
  dueTime: s.dueTime ?? '',
  startEvent: s.startEvent && s.startEvent !== base.startEvent ? s.startEvent : undefined,
});

/** The seeds' readings of a rule: its default first, then the alternatives ([DL8]). */
function choicesOf(base: Rule): RuleSetting[] {
  const first: RuleSetting = { amount: base.amount, unit: base.unit, citation: base.citation, ...(base.dueTime ? { dueTime: base.dueTime } : {}) };
  return [first, ...(base.alternatives ?? [])];
}

/** The chief changes one rule: a seed reading in one tap or any amount and unit, now or from a later time. */
export function RuleEditor({ base, policy, onDone }: { base: Rule; policy: StationPolicy; onDone: (message: string) => void }) {
  const now = trustedNow();
  const current = ruleAt(policy, base.id, now) ?? base;
  const [draft, setDraft] = useState<Draft>(() => draftOf(current, base));
  const [from, setFrom] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // An open editor holds unsaved input: an app update must not reload under it.
  useEffect(() => {
    markDirty(1);
    return () => markDirty(-1);
  }, []);
  const monthly = base.unit === 'monthlyReport';
  const units = monthly ? (['monthlyReport'] as const) : DURATION_UNITS;
  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  const id = (k: string) => `rule-${base.id.replace(/\./g, '-')}-${k}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    let effectiveFrom: string | undefined;
    if (from.trim() !== '') {
      const at = beijingLocalInstant(from);
      if (!at) {
        setError(reasonMessage('policy.bad_effective_from'));
        return;
      }
      effectiveFrom = at.toISOString();
    }
    const amount = Number(draft.amount.trim());
    setBusy(true);
    const r = await saveRuleChange({
      ruleId: base.id,
      amount: draft.amount.trim() === '' ? NaN : amount,
      unit: draft.unit,
      ...(monthly && draft.dueTime ? { dueTime: draft.dueTime } : {}),
      ...(draft.startEvent ? { startEvent: draft.startEvent } : {}),
      ...(effectiveFrom ? { effectiveFrom } : {}),
      ...(note.trim() ? { note } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setError(reasonMessage(r.code));
      return;
    }
    onDone(t('station.rules.saved', { at: formatDateTime(effectiveFrom ? new Date(effectiveFrom) : now) }));
  };

  return (
    <form class="form rule-form" data-testid="rule-form" noValidate onSubmit={(e) => void submit(e)}>
      <fieldset class="rule-choices">
        <legend>{t('station.rules.choices')}</legend>
        <div class="form-row">
          {choicesOf(base).map((c, i) => (
            <button
              key={i}
              type="button"
              class="btn btn-small"
              data-testid={`rule-choice-${i}`}
              aria-pressed={draft.amount === String(c.amount) && draft.unit === c.unit && draft.startEvent === (c.startEvent !== base.startEvent ? c.startEvent : undefined)}
              onClick={() => edit(draftOf(c, base))}
            >
              {i === 0 ? t('station.rules.choiceDefault', { setting: settingText(c), citation: c.citation }) : t('station.rules.choice', { setting: settingText(c), citation: c.citation })}
              {c.startEvent && c.startEvent !== base.startEvent ? ` · ${t('station.rules.from', { event: eventName(c.startEvent) })}` : ''}
            </button>
          ))}
        </div>
      </fieldset>
      <div class="form-row">
        <label class="field" for={id('amount')}>
          <span>{monthly ? t('station.rules.day') : t('station.rules.amount')}</span>
          <input id={id('amount')} name="amount" type="number" inputMode="numeric" min="1" step="1" value={draft.amount} onInput={(e) => edit({ amount: e.currentTarget.value })} />
        </label>
        <label class="field" for={id('unit')}>
          <span>{t('station.rules.unit')}</span>
          <select id={id('unit')} name="unit" value={draft.unit} onChange={(e) => edit({ unit: e.currentTarget.value as Unit })}>
            {units.map((u) => (
              <option key={u} value={u}>
                {unitName(u)}
              </option>
            ))}
          </select>
        </label>
        {monthly ? (
          <label class="field" for={id('dueTime')}>
            <span>{t('station.rules.dueTime')}</span>
            <input id={id('dueTime')} name="dueTime" type="time" value={draft.dueTime} onInput={(e) => edit({ dueTime: e.currentTarget.value })} />
          </label>
        ) : null}
      </div>
      {draft.startEvent ? <p class="hint">{t('station.rules.from', { event: eventName(draft.startEvent) })}</p> : null}
      <label class="field" for={id('from')}>
        <span>{t('station.rules.effectiveFrom')}</span>
        <input id={id('from')} name="effectiveFrom" type="datetime-local" value={from} onInput={(e) => { setFrom(e.currentTarget.value); setError(null); }} />
      </label>
      <label class="field" for={id('note')}>
        <span>{t('station.rules.note')}</span>
        <input id={id('note')} name="note" maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error ? (
        <p class="error" role="alert" data-testid="rule-error">
          {error}
        </p>
      ) : null}
      <div class="form-row">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="rule-save">
          {t('station.rules.save')}
        </button>
        <button type="button" class="btn btn-quiet" onClick={() => onDone('')}>
          {t('station.rules.cancel')}
        </button>
      </div>
    </form>
  );
}
