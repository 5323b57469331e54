import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n';
import {
  EMPTY_APPEAL, faultIntakeFrom, validateAppeal, type AppealErrors, type AppealInput,
} from '../../domain/appeals';
import { APPEAL_CHANNELS, APPEAL_KINDS } from '../../domain/records';
import { registerAppeal } from '../../state/appeals';
import { useCustomers } from '../../state/customers';
import { useStaff } from '../../state/staff';
import { markDirty } from '../../state/store';
import { Field } from '../repair/Field';
import { IntakeForm } from '../repair/IntakeForm';
import { appealErrorText, appealFailure } from './errorText';

/**
 * The register (000 来信来访 5): channel, type, customer, subject, content, the staff member
 * named. Saving gives the number at once, offline too, to be read out to the customer.
 */
export function AppealForm({ onRegistered }: { onRegistered?: (id: string) => void }) {
  const [input, setInput] = useState<AppealInput>(EMPTY_APPEAL);
  const [account, setAccount] = useState('');
  const [errors, setErrors] = useState<AppealErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [number, setNumber] = useState<string | null>(null);
  const [fault, setFault] = useState(false);
  const [busy, setBusy] = useState(false);
  const staff = useStaff();
  const customers = useCustomers();
  const dirty = JSON.stringify(input) !== JSON.stringify(EMPTY_APPEAL);

  useEffect(() => {
    if (!dirty) return;
    markDirty(1);
    return () => markDirty(-1);
  }, [dirty]);

  const matches = useMemo(() => {
    const q = account.trim();
    if (!q) return [];
    return customers.filter((c) => String(c.data.account ?? '').startsWith(q) || String(c.data.name ?? '').includes(q)).slice(0, 20);
  }, [account, customers]);

  const set = <K extends keyof AppealInput>(k: K, v: AppealInput[K]) => {
    setInput((s) => ({ ...s, [k]: v }));
    setNumber(null);
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const pickCustomer = (q: string) => {
    setAccount(q);
    const c = customers.find((x) => String(x.data.account ?? '') === q.trim());
    setInput((s) => (c
      ? { ...s, customerId: c.id, customerName: String(c.data.name ?? ''), customerPhone: String(c.data.phone ?? '') }
      : { ...s, customerId: '' }));
  };
  const err = (k: keyof AppealInput) => appealErrorText(errors[k]);
  const aria = (k: keyof AppealInput) => (errors[k] ? { 'aria-invalid': true, 'aria-describedby': `a-${k}-error` } : {});

  if (fault) {
    return (
      <div class="appeal-fault" data-testid="appeal-fault">
        <p class="hint">{t('appeal.faultHint')}</p>
        <IntakeForm defaultVia={faultIntakeFrom(input).reportedVia} initial={faultIntakeFrom(input)} onSaved={() => { setFault(false); setInput(EMPTY_APPEAL); }} />
        <button type="button" class="btn btn-quiet" onClick={() => setFault(false)}>{t('appeal.backToForm')}</button>
      </div>
    );
  }

  return (
    <form
      class="form card"
      data-testid="appeal-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (busy) return;
        const found = validateAppeal(input);
        setErrors(found);
        if (Object.values(found).some(Boolean)) return;
        setBusy(true);
        const r = await registerAppeal(input);
        setBusy(false);
        if (!r.ok || !r.number) {
          setFailure(appealFailure(r.ok ? 'unknown' : r.code));
          return;
        }
        setFailure(null);
        setNumber(r.number);
        setInput(EMPTY_APPEAL);
        setAccount('');
        if (r.id) onRegistered?.(r.id);
      }}
    >
      <h2>{t('appeal.new')}</h2>
      {number ? (
        <div class="appeal-number" role="status" data-testid="appeal-saved">
          <strong class="appeal-number-big" data-testid="appeal-number">{number}</strong>
          <span>{t('appeal.saved', { number })}</span>
        </div>
      ) : null}
      <Field id="a-channel" label={t('appeal.fields.channel')} error={err('channel')}>
        <select id="a-channel" name="channel" value={input.channel} onChange={(e) => set('channel', e.currentTarget.value as AppealInput['channel'])} {...aria('channel')}>
          {APPEAL_CHANNELS.map((c) => <option key={c} value={c}>{t(`appeal.channel.${c}`)}</option>)}
        </select>
      </Field>
      <Field id="a-kind" label={t('appeal.fields.kind')} error={err('kind')}>
        <select id="a-kind" name="kind" value={input.kind} onChange={(e) => set('kind', e.currentTarget.value as AppealInput['kind'])} {...aria('kind')}>
          <option value="">{t('appeal.fields.kind')}</option>
          {APPEAL_KINDS.map((k) => <option key={k} value={k}>{t(`appeal.kind.${k}`)}</option>)}
        </select>
      </Field>
      <Field id="a-customer" label={t('appeal.fields.customer')}>
        <input id="a-customer" name="customerAccount" list="a-customer-list" value={account} autoComplete="off" onInput={(e) => pickCustomer(e.currentTarget.value)} />
        <datalist id="a-customer-list">
          {matches.map((c) => <option key={c.id} value={String(c.data.account ?? '')}>{String(c.data.name ?? '')}</option>)}
        </datalist>
      </Field>
      <Field id="a-customerName" label={t('appeal.fields.customerName')} error={err('customerName')}>
        <input id="a-customerName" name="customerName" value={input.customerName} onInput={(e) => set('customerName', e.currentTarget.value)} {...aria('customerName')} />
      </Field>
      <Field id="a-customerPhone" label={t('appeal.fields.customerPhone')} error={err('customerPhone')}>
        <input id="a-customerPhone" name="customerPhone" type="tel" inputMode="tel" value={input.customerPhone} onInput={(e) => set('customerPhone', e.currentTarget.value)} {...aria('customerPhone')} />
      </Field>
      <Field id="a-subject" label={t('appeal.fields.subject')} error={err('subject')}>
        <input id="a-subject" name="subject" value={input.subject} onInput={(e) => set('subject', e.currentTarget.value)} {...aria('subject')} />
      </Field>
      <Field id="a-content" label={t('appeal.fields.content')} error={err('content')}>
        <textarea id="a-content" name="content" value={input.content} onInput={(e) => set('content', e.currentTarget.value)} {...aria('content')} />
      </Field>
      <Field id="a-namedStaff" label={t('appeal.fields.namedStaff')}>
        <select id="a-namedStaff" name="namedStaff" value={input.namedStaff} onChange={(e) => set('namedStaff', e.currentTarget.value)}>
          <option value="">{t('appeal.fields.noNamedStaff')}</option>
          {staff.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </select>
      </Field>
      {failure ? <p class="error" role="alert">{failure}</p> : null}
      <div class="actions">
        <button type="submit" class="btn btn-primary" data-testid="appeal-submit" disabled={busy}>{t('appeal.save')}</button>
        <button type="button" class="btn" data-testid="appeal-is-fault" onClick={() => setFault(true)}>{t('appeal.fault')}</button>
      </div>
    </form>
  );
}
