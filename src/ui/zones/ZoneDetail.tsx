import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { checklistOf, isOpenDuty, orderDuties, zoneState } from '../../domain/zones';
import type { RecordRow } from '../../domain/records';
import { trustedNow } from '../../state/clocks';
import { useSession } from '../../state/session';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { addReferencePhoto, markCleaned, useChildrenOf, useDuties, useZone } from '../../state/zones';
import { ClockBadge } from '../clocks';
import { InspectionForm, Thumb } from './InspectionForm';
import { at, dutyKind, dutyStatus, dutyTitle, holderText, itemText } from './labels';
import './zones.css';

function Inspections({ duty }: { duty: RecordRow }) {
  const children = useChildrenOf('zoneDuty', duty.id);
  const staff = useStaff();
  const inspections = children.filter((c) => c.type === 'inspection');
  if (inspections.length === 0) return null;
  return (
    <ul class="inspections" data-testid="inspections">
      {inspections.map((i) => {
        const items = Array.isArray(i.data.items) ? (i.data.items as { item: string; pass: boolean }[]) : [];
        const shas = Array.isArray(i.data.photos) ? (i.data.photos as string[]) : [];
        return (
          <li key={i.id} data-testid="inspection" data-result={String(i.data.result)}>
            <strong>{i.data.result === 'pass' ? t('zone.inspection.passed') : t('zone.inspection.failed')}</strong>{' '}
            <span>{t('zone.inspection.byAt', { name: staffName(staff, i.data.by as string | undefined), at: at(i.data.at) })}</span>
            {items.filter((x) => !x.pass).length > 0 ? (
              <ul class="failed-items">
                {items.filter((x) => !x.pass).map((x) => (
                  <li key={x.item}>{itemText(x.item)}</li>
                ))}
              </ul>
            ) : null}
            {i.data.note ? <p>{String(i.data.note)}</p> : null}
            <div class="thumbs">
              {shas.map((s) => (
                <Thumb key={s} sha256={s} />
              ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function DutyCard({ duty, checklist, onInspected }: { duty: RecordRow; checklist: string[]; onInspected?: (r: 'pass' | 'fail') => void }) {
  const staff = useStaff();
  const { session } = useSession();
  const [inspecting, setInspecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = dutyStatus(duty);
  const open = isOpenDuty(duty);
  const mine = duty.data.holder === session?.userId || duty.data.holderKind === 'office';
  return (
    <li class={`card duty-card duty-${status}`} data-testid="zone-duty" data-duty={duty.id} data-kind={dutyKind(duty)} data-status={status}>
      <p class="job-title">
        <strong>{dutyTitle(duty)}</strong> <span class="job-status" data-testid="duty-status">{t(`zone.status.${status}`)}</span>
      </p>
      <p class="hint">
        {t('zone.heldBy', { holder: holderText(staff, duty.data.holder, duty.data.holderKind) })} {t('zone.dueBy', { due: at(duty.data.dueAt) })}
      </p>
      <ClockBadge row={duty} />
      {duty.data.resolvedAt ? <p class="ok" data-testid="duty-resolved">{t('zone.resolved', { at: at(duty.data.resolvedAt) })}</p> : null}
      {duty.data.kind === 'reclean' ? <p class="hint" data-testid="reclean-deadline">{t('zone.recleanBy', { due: at(duty.data.dueAt) })}</p> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      {open ? (
        <p class="actions">
          {status === 'due' && mine ? (
            <button
              type="button"
              class="btn"
              data-testid="mark-cleaned"
              onClick={async () => {
                const r = await markCleaned(duty);
                setError(r.ok ? null : reasonMessage(r.code));
              }}
            >
              {t('zone.markCleaned')}
            </button>
          ) : null}
          {!inspecting ? (
            <button type="button" class="btn btn-primary" data-testid="start-inspection" onClick={() => setInspecting(true)}>
              {t('zone.inspect')}
            </button>
          ) : null}
        </p>
      ) : null}
      {open && inspecting ? (
        <InspectionForm
          duty={duty}
          checklist={checklist}
          onDone={(r) => {
            setInspecting(false);
            onInspected?.(r);
          }}
        />
      ) : null}
      <Inspections duty={duty} />
    </li>
  );
}

function ReferencePhoto({ zone, chief }: { zone: RecordRow; chief: boolean }) {
  const children = useChildrenOf('zone', zone.id);
  const [error, setError] = useState<string | null>(null);
  const photos = children.filter((c) => c.type === 'photo');
  const last = photos[photos.length - 1];
  return (
    <section class="card">
      <h2>{t('zone.reference')}</h2>
      {last ? <Thumb sha256={String(last.data.sha256)} /> : <p class="empty">{t('zone.noReference')}</p>}
      {chief ? (
        <label class="btn file-button">
          <span>{t('zone.addReference')}</span>
          <input
            type="file"
            accept="image/*"
            class="visually-hidden"
            data-testid="reference-photo-input"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (!file) return;
              const r = await addReferencePhoto(zone, file);
              setError(r.ok ? null : reasonMessage(r.code));
            }}
          />
        </label>
      ) : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </section>
  );
}

export function ZoneDetail({ id }: { id: string }) {
  const zone = useZone(id);
  const duties = useDuties();
  const { session } = useSession();
  // Kept here: the duty signed off moves from the open list to the history.
  const [done, setDone] = useState<'pass' | 'fail' | null>(null);
  const chief = session?.role === 'chief' || session?.role === 'admin';
  if (zone === undefined) return null;
  if (zone === null) return <main class="page"><p class="empty">{t('zone.none')}</p></main>;
  const mine = orderDuties(duties.filter((d) => d.data.zoneId === id));
  const open = mine.filter(isOpenDuty);
  const closed = mine.filter((d) => !isOpenDuty(d));
  const checklist = checklistOf(zone);
  const state = zoneState(id, duties, trustedNow());
  return (
    <main class="page layout-phone zone-detail" data-testid="zone-detail" data-zone={id}>
      <button type="button" class="btn btn-quiet" onClick={() => navigate({ name: 'zones' })}>
        {t('zone.back')}
      </button>
      <h1>{String(zone.data.name ?? '')}</h1>
      <p>
        <span>{t(`zone.kind.${(zone.data.kind ?? 'office') as 'office'}`)}</span>{' '}
        <span class={`zone-state zone-state-${state}`} data-testid="zone-state" data-state={state}>{t(`zone.state.${state}`)}</span>
      </p>
      <section class="card">
        <h2>{t('zone.standard')}</h2>
        <ul class="checklist" data-testid="zone-checklist">
          {checklist.map((c, i) => (
            <li key={`${i}-${c}`}>{itemText(c)}</li>
          ))}
        </ul>
      </section>
      {done ? (
        <p role="status" class={done === 'pass' ? 'ok' : 'error'} data-testid="inspection-done">
          {done === 'pass' ? t('zone.inspection.donePass') : t('zone.inspection.doneFail')}
        </p>
      ) : null}
      <section>
        <h2>{t('zone.openDuties')}</h2>
        {open.length === 0 ? <p class="empty" data-testid="zone-clear">{t('zone.noOpen')}</p> : null}
        <ul class="duty-cards" data-testid="zone-open-duties">
          {open.map((d) => (
            <DutyCard key={d.id} duty={d} checklist={checklist} onInspected={setDone} />
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('zone.history')}</h2>
        <ul class="duty-cards" data-testid="zone-history">
          {closed.map((d) => (
            <DutyCard key={d.id} duty={d} checklist={checklist} />
          ))}
        </ul>
      </section>
      <ReferencePhoto zone={zone} chief={chief} />
    </main>
  );
}
