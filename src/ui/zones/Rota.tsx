import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { beijingDate } from '../../domain/calendar';
import { assignmentsOf, holderOn, zoneState, type HolderKind } from '../../domain/zones';
import type { RecordRow } from '../../domain/records';
import { trustedNow } from '../../state/clocks';
import { useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { assignZone } from '../../state/zones';
import { Field } from '../repair/Field';
import { holderText } from './labels';

function AssignForm({ zone }: { zone: RecordRow }) {
  const staff = useStaff();
  const [holder, setHolder] = useState('');
  const [office, setOffice] = useState('');
  const [kind, setKind] = useState<HolderKind>('person');
  const [from, setFrom] = useState(() => beijingDate(trustedNow()));
  const [msg, setMsg] = useState<string | null>(null);
  const id = `as-${zone.id}`;
  return (
    <form
      class="assign-form"
      data-testid="assign-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const who = kind === 'office' ? office.trim() : holder;
        if (!who || !from) {
          setMsg(t('zone.errors.required'));
          return;
        }
        const r = await assignZone(zone.id, who, kind, from);
        setMsg(r.ok ? t('zone.assigned') : reasonMessage(r.code));
        if (r.ok) setHolder('');
      }}
    >
      <Field id={`${id}-kind`} label={t('zone.fields.holderKind')}>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value === 'office' ? 'office' : 'person')}>
          <option value="person">{t('zone.holderKind.person')}</option>
          <option value="office">{t('zone.holderKind.office')}</option>
        </select>
      </Field>
      {kind === 'person' ? (
        <Field id={`${id}-holder`} label={t('zone.fields.holder')}>
          <select id={`${id}-holder`} value={holder} onChange={(e) => setHolder(e.currentTarget.value)}>
            <option value="">{t('zone.fields.choose')}</option>
            {staff.map((m) => (
              <option key={m.id} value={m.id}>{m.name}</option>
            ))}
          </select>
        </Field>
      ) : (
        <Field id={`${id}-office`} label={t('zone.fields.office')}>
          <input id={`${id}-office`} value={office} onInput={(e) => setOffice(e.currentTarget.value)} />
        </Field>
      )}
      <Field id={`${id}-from`} label={t('zone.fields.from')}>
        <input id={`${id}-from`} type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="btn" data-testid="assign-submit">{t('zone.assign')}</button>
      {msg ? <span role="status" data-testid="assign-result">{msg}</span> : null}
    </form>
  );
}

/** The rota at a glance: who holds each zone today, since when, and before. */
export function Rota({ zones, assignments, duties, chief }: { zones: RecordRow[]; assignments: RecordRow[]; duties: RecordRow[]; chief: boolean }) {
  const staff = useStaff();
  const today = beijingDate(trustedNow());
  if (zones.length === 0) return <p class="empty">{t('zone.noZones')}</p>;
  const sorted = [...zones].sort((a, b) => String(a.data.name ?? '').localeCompare(String(b.data.name ?? '')));
  return (
    <table class="rota" data-testid="rota">
      <thead>
        <tr>
          <th>{t('zone.fields.name')}</th>
          <th>{t('zone.holderToday')}</th>
          <th>{t('zone.stateCol')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((z) => {
          const h = holderOn(assignments, z.id, today);
          const history = assignmentsOf(assignments, z.id);
          const state = zoneState(z.id, duties, trustedNow());
          return (
            <tr key={z.id} data-testid="rota-row" data-zone={z.id} data-zone-name={String(z.data.name ?? '')}>
              <td>
                <button type="button" class="btn btn-quiet" data-testid="rota-open" onClick={() => navigate({ name: 'zone', id: z.id })}>
                  {String(z.data.name ?? '')}
                </button>
                <span class="hint">{t(`zone.kind.${(z.data.kind ?? 'office') as 'office'}`)}</span>
              </td>
              <td>
                <span data-testid="rota-holder">{h ? holderText(staff, h.holder, h.holderKind) : t('zone.noHolder')}</span>
                {h ? <span class="hint">{t('zone.since', { from: h.from })}</span> : null}
                {history.length > 0 ? (
                  <details>
                    <summary>{t('zone.rotaHistory', { count: history.length })}</summary>
                    <ul>
                      {history.map((a) => (
                        <li key={a.id}>{t('zone.rotaEntry', { from: String(a.data.from), holder: holderText(staff, a.data.holder, a.data.holderKind) })}</li>
                      ))}
                    </ul>
                  </details>
                ) : null}
                {chief ? <AssignForm zone={z} /> : null}
              </td>
              <td>
                <span class={`zone-state zone-state-${state}`} data-testid="zone-state" data-state={state}>{t(`zone.state.${state}`)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
