import './chief.css';
import { t } from '../../i18n';
import { useDeskOverview, type OverdueEntry } from '../../state/desk';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { formatDuration } from '../clocks';
import { TableScroll } from '../shell/TableScroll';

const REGISTERS = ['repairJob', 'appeal', 'visit', 'zoneDuty'] as const;

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
  const { counts, overdue } = useDeskOverview();
  const staff = useStaff();
  return (
    <div class="desk-grid" data-testid="desk-overview">
      <section class="card">
        <h2>{t('chief.byRegister')}</h2>
        <TableScroll label={t('chief.byRegister')}>
        <table class="counts">
          <thead>
            <tr>
              <th scope="col">{t('chief.record')}</th>
              <th scope="col">{t('chief.state.running')}</th>
              <th scope="col">{t('chief.state.dueSoon')}</th>
              <th scope="col">{t('chief.state.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {REGISTERS.map((r) => {
              const c = counts[r] ?? { running: 0, dueSoon: 0, overdue: 0 };
              return (
                <tr key={r} data-register={r}>
                  <th scope="row">{t(`chief.register.${r}`)}</th>
                  <td class="num">{c.running}</td>
                  <td class="num">{c.dueSoon}</td>
                  <td class={`num ${c.overdue > 0 ? 'bad' : ''}`} data-testid={`overdue-${r}`}>
                    {c.overdue}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </TableScroll>
      </section>
      <Grouped title={t('chief.overdueByPerson')} entries={overdue} keyOf={(e) => (e.person ? staffName(staff, e.person) : t('chief.nobody'))} testId="overdue-by-person" />
      <Grouped title={t('chief.overdueByRule')} entries={overdue} keyOf={(e) => `${e.ruleId} (${e.citation})`} testId="overdue-by-rule" />
    </div>
  );
}
