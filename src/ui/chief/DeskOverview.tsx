import './chief.css';
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { useDeskOverview, type OpenState, type OverdueEntry } from '../../state/desk';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { formatDuration } from '../clocks';
import { DrillDown } from './DrillDown';

const REGISTERS = ['repairJob', 'appeal', 'visit', 'zoneDuty'] as const;
const STATES: readonly OpenState[] = ['running', 'dueSoon', 'overdue'];

function open(e: OverdueEntry) {
  if (e.type === 'repairJob') navigate({ name: 'job', id: e.id });
  else if (e.type === 'appeal') navigate({ name: 'appeal', id: e.id });
  else if (e.type === 'visit') navigate({ name: 'visit', id: e.id });
}

function Grouped({ title, entries, keyOf, testId }: { title: string; entries: OverdueEntry[]; keyOf: (e: OverdueEntry) => string; testId: string }) {
  const groups = new Map<string, OverdueEntry[]>();
  for (const e of entries) groups.set(keyOf(e), [...(groups.get(keyOf(e)) ?? []), e]);
  return (
    <section class="card" data-testid={testId}>
      <h2>{title}</h2>
      {groups.size === 0 ? <p>{t('chief.none')}</p> : null}
      {[...groups.entries()].map(([k, list]) => (
        <div key={k}>
          <h3>
            {k} ({list.length})
          </h3>
          <ul>
            {list.map((e) => (
              <li key={`${e.id}-${e.ruleId}`}>
                <button type="button" class="link" onClick={() => open(e)}>
                  {e.name}
                </button>{' '}
                <span class="hint">
                  {t(`chief.register.${e.type as 'repairJob'}`)} · {t('clock.state.overdue', { over: formatDuration(e.overMs) })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** At a glance: open items by register and clock state, and what is overdue, by person and by rule. */
export function DeskOverview() {
  const { counts, ids, overdue } = useDeskOverview();
  const staff = useStaff();
  const [drill, setDrill] = useState<string[] | null>(null);
  // A count is a button onto the records behind it; zero has nothing to show.
  const cell = (register: string, state: OpenState, n: number) =>
    n > 0 ? (
      <button type="button" class="link" data-testid={`drill-${register}-${state}`} onClick={() => setDrill(ids[register]?.[state] ?? [])}>
        {n}
      </button>
    ) : (
      n
    );
  return (
    <div class="desk-grid" data-testid="desk-overview">
      <section class="card">
        <h2>{t('chief.byRegister')}</h2>
        <ul class="count-list">
          {REGISTERS.map((r) => {
            const c = counts[r] ?? { running: 0, dueSoon: 0, overdue: 0 };
            return (
              <li key={r} class="count-row" data-register={r}>
                <span class="count-name">{t(`chief.register.${r}`)}</span>
                <span class="count-stats">
                  {STATES.map((state) => (
                    <span key={state} class={`count-stat ${state === 'overdue' && c.overdue > 0 ? 'bad' : ''}`} data-testid={state === 'overdue' ? `overdue-${r}` : undefined}>
                      <span>{t(`chief.state.${state}`)}</span>
                      <span class="num">{cell(r, state, c[state])}</span>
                    </span>
                  ))}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
      <Grouped title={t('chief.overdueByPerson')} entries={overdue} keyOf={(e) => (e.person ? staffName(staff, e.person) : t('chief.nobody'))} testId="overdue-by-person" />
      <Grouped title={t('chief.overdueByRule')} entries={overdue} keyOf={(e) => `${e.ruleId} (${e.citation})`} testId="overdue-by-rule" />
      {drill ? <DrillDown ids={drill} onClose={() => setDrill(null)} /> : null}
    </div>
  );
}
