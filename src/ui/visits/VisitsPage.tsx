import { useState } from 'preact/hooks';
import { formatDateTime, reasonMessage, t } from '../../i18n';
import type { RecordRow } from '../../domain/records';
import {
  VISIT_METHODS, isKeyCustomer, isOpenVisit, keyVisitId, sortVisits, validateManualVisit, type ManualVisitErrors, type ManualVisitInput,
} from '../../domain/visits';
import { trustedNow } from '../../state/clocks';
import { useCustomers } from '../../state/customers';
import { useSession } from '../../state/session';
import { homeRoleOf, navigate } from '../../state/store';
import { createManualVisit, drawSample, planKeyVisit, useVisits } from '../../state/visits';
import { ClockBadge } from '../clocks';
import { RegisterNav } from '../appeals/RegisterNav';
import { Field } from '../repair/Field';
import '../appeals/appeals.css';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function VisitRow({ visit }: { visit: RecordRow }) {
  const name = str(visit.data.customerName);
  return (
    <li class="job-row" data-testid="visit-row" data-visit={visit.id} data-open={isOpenVisit(visit) ? 'true' : 'false'}>
      <button type="button" class="job-open" onClick={() => navigate({ name: 'visit', id: visit.id })}>
        <span class="job-title">
          <strong>{name || t(`visit.source.${(str(visit.data.sourceType) || 'manual') as 'manual'}`)}</strong>
          <span class="job-status">{t(`visit.status.${(visit.status ?? 'open') as 'open'}`)}</span>
        </span>
        {name ? <span>{t(`visit.source.${(str(visit.data.sourceType) || 'manual') as 'manual'}`)}</span> : null}
        {str(visit.data.method) ? <span>{t(`visit.method.${str(visit.data.method) as 'phone'}`)}</span> : null}
        <ClockBadge row={visit} />
      </button>
    </li>
  );
}

export function VisitList({ visits }: { visits: RecordRow[] }) {
  const rows = sortVisits(visits);
  if (rows.length === 0) return <p class="empty">{t('visit.none')}</p>;
  return <ul class="job-list" data-testid="visit-list">{rows.map((v) => <VisitRow key={v.id} visit={v} />)}</ul>;
}

const EMPTY: ManualVisitInput = { customerId: '', customerName: '', customerPhone: '', method: 'phone', dueDay: '' };

function NewVisitForm() {
  const [input, setInput] = useState<ManualVisitInput>(EMPTY);
  const [errors, setErrors] = useState<ManualVisitErrors>({});
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const set = <K extends keyof ManualVisitInput>(k: K, v: ManualVisitInput[K]) => {
    setInput((s) => ({ ...s, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const errText = (k: keyof ManualVisitInput) => {
    const c = errors[k];
    return c === 'required' ? t('visit.errors.required') : c === 'day.invalid' ? t('visit.errors.day.invalid') : c === 'day.past' ? t('visit.errors.day.past') : null;
  };
  return (
    <form class="form card" data-testid="new-visit-form" noValidate onSubmit={async (e) => {
      e.preventDefault();
      const found = validateManualVisit(input, trustedNow());
      setErrors(found);
      if (Object.values(found).some(Boolean)) return;
      const r = await createManualVisit(input);
      setMsg(r.ok ? { ok: true, text: t('visit.created') } : { ok: false, text: t('visit.errors.save', { reason: reasonMessage(r.code) }) });
      if (r.ok) setInput(EMPTY);
    }}>
      <h2>{t('visit.new')}</h2>
      <Field id="v-name" label={t('visit.fields.customerName')} error={errText('customerName')}>
        <input id="v-name" value={input.customerName} onInput={(e) => set('customerName', e.currentTarget.value)} />
      </Field>
      <Field id="v-phone" label={t('visit.fields.customerPhone')}>
        <input id="v-phone" type="tel" value={input.customerPhone} onInput={(e) => set('customerPhone', e.currentTarget.value)} />
      </Field>
      <Field id="v-method" label={t('visit.fields.method')}>
        <select id="v-method" value={input.method} onChange={(e) => set('method', e.currentTarget.value as ManualVisitInput['method'])}>
          {VISIT_METHODS.map((m) => <option key={m} value={m}>{t(`visit.method.${m}`)}</option>)}
        </select>
      </Field>
      <Field id="v-due" label={t('visit.fields.dueDay')} error={errText('dueDay')}>
        <input id="v-due" type="date" value={input.dueDay} onInput={(e) => set('dueDay', e.currentTarget.value)} />
      </Field>
      {msg ? <p class={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p> : null}
      <button type="submit" class="btn btn-primary" data-testid="create-visit">{t('visit.create')}</button>
    </form>
  );
}

function KeyCustomers({ visits }: { visits: RecordRow[] }) {
  const customers = useCustomers();
  const keys = customers.filter(isKeyCustomer);
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(trustedNow()));
  const byCustomer = new Map<string, RecordRow[]>();
  for (const v of visits) {
    const c = str(v.data.customerId);
    if (c) byCustomer.set(c, [...(byCustomer.get(c) ?? []), v]);
  }
  return (
    <section data-testid="key-customers">
      <h2>{t('visit.key.title')}</h2>
      {keys.length === 0 ? <p class="empty">{t('visit.key.none')}</p> : (
        <ul class="job-list">
          {keys.map((c) => {
            const done = (byCustomer.get(c.id) ?? []).filter((v) => v.status === 'done').map((v) => str(v.data.doneAt)).sort().pop();
            const planned = visits.find((v) => v.id === keyVisitId(c.id, year));
            return (
              <li key={c.id} class="job-row" data-testid="key-customer">
                <span class="job-title"><strong>{str(c.data.name)}</strong><span>{str(c.data.account)}</span></span>
                <span>{done ? t('visit.key.lastVisit', { time: formatDateTime(new Date(done)) }) : t('visit.key.never')}</span>
                {planned ? <ClockBadge row={planned} /> : (
                  <button type="button" class="btn" data-testid="plan-key-visit" onClick={() => void planKeyVisit(c)}>{t('visit.key.plan')}</button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Sampling() {
  const [msg, setMsg] = useState<string | null>(null);
  const run = async (kind: 'monthly' | 'card') => {
    const r = await drawSample(kind);
    setMsg(r.ok ? t('visit.sample.drawn', { count: r.count ?? 0 }) : t('visit.errors.save', { reason: reasonMessage(r.code) }));
  };
  return (
    <section data-testid="sampling">
      <h2>{t('visit.sample.title')}</h2>
      <div class="actions">
        <button type="button" class="btn" data-testid="draw-monthly" onClick={() => void run('monthly')}>{t('visit.sample.monthly')}</button>
        <button type="button" class="btn" data-testid="draw-card" onClick={() => void run('card')}>{t('visit.sample.card')}</button>
      </div>
      {msg ? <p role="status">{msg}</p> : null}
    </section>
  );
}

export function VisitsPage() {
  const visits = useVisits();
  const { session } = useSession();
  const role = session ? homeRoleOf(session.role) : 'lineman';
  const open = visits.filter(isOpenVisit);
  const finished = visits.filter((v) => !isOpenVisit(v));
  return (
    <main class="page layout-wide" data-testid="visits-page">
      <RegisterNav current="visits" />
      <h1>{t('visit.title')}</h1>
      <div class={role === 'lineman' ? '' : 'two-col'}>
        <section>
          <h2>{t('visit.open')}</h2>
          <VisitList visits={open} />
          <h2>{t('visit.finished')}</h2>
          <VisitList visits={finished} />
        </section>
        {role === 'lineman' ? null : (
          <div>
            <NewVisitForm />
            <KeyCustomers visits={visits} />
            <Sampling />
          </div>
        )}
      </div>
    </main>
  );
}
