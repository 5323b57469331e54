import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n';
import { RECORD_TYPES, ruleAt, type Rule, type StationPolicy } from '../../domain/policy';
import type { StoredPolicyChange } from '../../domain/station-settings';
import { trustedNow } from '../../state/clocks';
import { staffName, useStaff, type StaffMember } from '../../state/staff';
import { eventName, groupName, ruleName, settingText } from './labels';
import { RuleEditor } from './RuleEditor';

type ChangeState = 'inForce' | 'pending' | 'superseded';

/** Each change of one rule with what it is now: in force, waiting for its time, or replaced ([DL2]). */
function historyOf(changes: readonly StoredPolicyChange[], now: number): { c: StoredPolicyChange; state: ChangeState }[] {
  // Stable sort: equal instants keep the order they were made in, the later one winning.
  const byTime = [...changes].sort((a, b) => Date.parse(a.change.effectiveFrom) - Date.parse(b.change.effectiveFrom));
  let inForce = -1;
  byTime.forEach((c, i) => {
    if (Date.parse(c.change.effectiveFrom) < now) inForce = i;
  });
  return byTime.map((c, i) => ({ c, state: (i === inForce ? 'inForce' : i > inForce ? 'pending' : 'superseded') as ChangeState })).reverse();
}

function RuleItem({ base, policy, changes, staff }: { base: Rule; policy: StationPolicy; changes: readonly StoredPolicyChange[]; staff: readonly StaffMember[] }) {
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState('');
  const now = trustedNow();
  const current = ruleAt(policy, base.id, now) ?? base;
  const history = historyOf(changes, now.getTime());
  const pending = history.filter((h) => h.state === 'pending').reverse();
  return (
    <li class="card rule-item" data-testid={`rule-${base.id}`}>
      <h4>{ruleName(base.id)}</h4>
      <p class="rule-current" data-testid="rule-current">
        {t('station.rules.current', { setting: settingText(current) })}
        {current.startEvent !== base.startEvent ? ` · ${t('station.rules.from', { event: eventName(current.startEvent) })}` : ''}
      </p>
      {pending.map((h) => (
        <p key={h.c.id} class="hint" data-testid="rule-scheduled">
          {t('station.rules.scheduled', { at: formatDateTime(new Date(h.c.change.effectiveFrom)), setting: settingText(h.c.change) })}
        </p>
      ))}
      <p class="hint">
        {t('station.rules.citation', { citation: base.citation })} · {t('station.rules.from', { event: eventName(base.startEvent) })}
      </p>
      {message ? (
        <p class="ok" role="status" data-testid="rule-result">
          {message}
        </p>
      ) : null}
      {editing ? (
        <RuleEditor
          base={base}
          policy={policy}
          onDone={(m) => {
            setEditing(false);
            setMessage(m);
          }}
        />
      ) : (
        <button type="button" class="btn btn-small" data-testid="rule-change" onClick={() => { setEditing(true); setMessage(''); }}>
          {t('station.rules.change')}
        </button>
      )}
      <details class="rule-history" data-testid="rule-history">
        <summary>{t('station.rules.history', { n: changes.length })}</summary>
        {history.length === 0 ? (
          <p class="hint">{t('station.rules.noHistory')}</p>
        ) : (
          <ol>
            {history.map(({ c, state }) => (
              <li key={c.id} data-state={state}>
                {t('station.rules.historyItem', { at: formatDateTime(new Date(c.change.effectiveFrom)), setting: settingText(c.change) })}
                {c.change.startEvent ? ` · ${t('station.rules.from', { event: eventName(c.change.startEvent) })}` : ''}
                {' · '}
                {t(`station.rules.state.${state}`)}
                {c.by ? ` · ${staffName(staff, c.by)}` : ''}
                {c.change.note ? ` · ${c.change.note}` : ''}
              </li>
            ))}
          </ol>
        )}
      </details>
    </li>
  );
}

/** Every deadline rule: name, citation, the setting in force, seed alternatives, a change form and the history. */
export function RuleSettings({ policy, changes, problems }: { policy: StationPolicy; changes: readonly StoredPolicyChange[]; problems: number }) {
  const staff = useStaff();
  return (
    <section class="card" data-testid="rule-settings" aria-labelledby="rule-settings-title">
      <h2 id="rule-settings-title">{t('station.rules.title')}</h2>
      <p class="hint">{t('station.rules.hint')}</p>
      {problems > 0 ? (
        <p class="error" role="status">
          {t('station.rules.problems', { n: problems })}
        </p>
      ) : null}
      {RECORD_TYPES.map((type) => {
        const rules = policy.rules.filter((r) => r.recordType === type);
        if (rules.length === 0) return null;
        return (
          <section key={type} class="rule-group">
            <h3>{groupName(type)}</h3>
            <ul class="rule-list">
              {rules.map((r) => (
                <RuleItem key={r.id} base={r} policy={policy} changes={changes.filter((c) => c.change.ruleId === r.id)} staff={staff} />
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
