import { useMemo, useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { FLAGS, USAGES, validateCustomer, type CsvImport, type CustomerErrors, type CustomerFields } from '../../domain/customers-csv';
import type { RecordRow } from '../../domain/records';
import { isKeyCustomer } from '../../domain/visits';
import { importCustomersCsv, readFileText, saveCustomer, useCustomers } from '../../state/customers';
import { RegisterNav } from '../appeals/RegisterNav';
import { Field } from '../repair/Field';
import '../appeals/appeals.css';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The import's report: how many came in, and each row that did not, with its reason. */
export function ImportReport({ report }: { report: CsvImport }) {
  return (
    <div data-testid="import-report">
      <p class="ok" role="status" data-testid="import-done">{t('customer.import.done', { count: report.customers.length })}</p>
      {report.errors.length > 0 ? (
        <div class="csv-problems" data-testid="import-problems">
          <p>{t('customer.import.problems', { count: report.errors.length })}</p>
          <ul>
            {report.errors.map((e) => (
              <li key={`${e.row}-${e.code}`} data-row={e.row} data-code={e.code}>
                {t('customer.import.row', { row: e.row, reason: t(`customer.csv.${e.code}`) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function ImportCsv() {
  const [report, setReport] = useState<CsvImport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <section class="card" data-testid="customer-import">
      <h2>{t('customer.import.title')}</h2>
      <label class="field">
        <span>{t('customer.import.choose')}</span>
        <input type="file" accept=".csv,text/csv" data-testid="csv-input" onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          if (!file) return;
          const { outcome, report: r } = await importCustomersCsv(await readFileText(file));
          setReport(r);
          setFailure(outcome.ok ? null : t('customer.errors.save', { reason: reasonMessage(outcome.code) }));
        }} />
      </label>
      {failure ? <p class="error" role="alert">{failure}</p> : null}
      {report ? <ImportReport report={report} /> : null}
    </section>
  );
}

const EMPTY: CustomerFields = { name: '', account: '', address: '', phone: '', usage: 'residential', voltage: '', flags: [] };

function fieldsOf(row: RecordRow): CustomerFields {
  const d = row.data;
  return {
    name: str(d.name), account: str(d.account), address: str(d.address), phone: str(d.phone),
    usage: (USAGES as readonly string[]).includes(str(d.usage)) ? (str(d.usage) as CustomerFields['usage']) : 'residential',
    voltage: str(d.voltage), flags: Array.isArray(d.flags) ? (d.flags as CustomerFields['flags']) : [],
  };
}

export function CustomerForm({ existing, onDone }: { existing: RecordRow | null; onDone: () => void }) {
  const [f, setF] = useState<CustomerFields>(existing ? fieldsOf(existing) : EMPTY);
  const [errors, setErrors] = useState<CustomerErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const set = <K extends keyof CustomerFields>(k: K, v: CustomerFields[K]) => {
    setF((s) => ({ ...s, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const err = (k: keyof CustomerErrors) => {
    const c = errors[k];
    return c === 'required' ? t('customer.errors.required') : c === 'voltage.invalid' ? t('customer.errors.voltage.invalid') : c === 'tooLong' ? t('customer.errors.tooLong') : null;
  };
  const input = (k: 'name' | 'account' | 'address' | 'phone' | 'voltage') => (
    <Field id={`c-${k}`} label={t(`customer.fields.${k}`)} error={err(k)}>
      <input id={`c-${k}`} value={f[k]} readOnly={k === 'account' && !!existing} onInput={(e) => set(k, e.currentTarget.value)} />
    </Field>
  );
  return (
    <form class="form card" data-testid="customer-form" noValidate onSubmit={async (e) => {
      e.preventDefault();
      const found = validateCustomer(f);
      setErrors(found);
      if (Object.values(found).some(Boolean)) return;
      const r = await saveCustomer(existing, { ...f, name: f.name.trim(), account: f.account.trim() });
      if (!r.ok) setFailure(t('customer.errors.save', { reason: reasonMessage(r.code) }));
      else onDone();
    }}>
      <h2>{existing ? t('customer.edit') : t('customer.new')}</h2>
      {input('name')}
      {input('account')}
      {input('address')}
      {input('phone')}
      <Field id="c-usage" label={t('customer.fields.usage')}>
        <select id="c-usage" value={f.usage} onChange={(e) => set('usage', e.currentTarget.value as CustomerFields['usage'])}>
          {USAGES.map((u) => <option key={u} value={u}>{t(`customer.usage.${u}`)}</option>)}
        </select>
      </Field>
      {input('voltage')}
      <fieldset>
        <legend>{t('customer.fields.flags')}</legend>
        {FLAGS.map((flag) => (
          <label key={flag} class="check">
            <input type="checkbox" checked={f.flags.includes(flag)} onChange={(e) => set('flags', e.currentTarget.checked ? [...f.flags, flag] : f.flags.filter((x) => x !== flag))} />
            <span>{t(`customer.flag.${flag}`)}</span>
          </label>
        ))}
      </fieldset>
      {failure ? <p class="error" role="alert">{failure}</p> : null}
      <div class="actions">
        <button type="submit" class="btn btn-primary" data-testid="save-customer">{t('customer.save')}</button>
        <button type="button" class="btn" onClick={onDone}>{t('customer.cancel')}</button>
      </div>
    </form>
  );
}

const PAGE = 200;

export function CustomersPage() {
  const customers = useCustomers();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<RecordRow | 'new' | null>(null);
  const shown = useMemo(() => {
    const s = q.trim();
    const list = s ? customers.filter((c) => ['name', 'account', 'address', 'phone'].some((k) => str(c.data[k]).includes(s))) : customers;
    return [...list].sort((a, b) => str(a.data.account).localeCompare(str(b.data.account))).slice(0, PAGE);
  }, [customers, q]);
  return (
    <main class="page layout-wide" data-testid="customers-page">
      <RegisterNav current="customers" />
      <h1>{t('customer.title')}</h1>
      <div class="two-col">
        <div>
          <ImportCsv />
          {editing ? (
            <CustomerForm key={editing === 'new' ? 'new' : editing.id} existing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
          ) : (
            <button type="button" class="btn" data-testid="new-customer" onClick={() => setEditing('new')}>{t('customer.new')}</button>
          )}
        </div>
        <section>
          <p>{t('customer.count', { count: customers.length })}</p>
          <label class="field">
            <span>{t('customer.search')}</span>
            <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          </label>
          {customers.length === 0 ? <p class="empty">{t('customer.none')}</p> : (
            <table class="customer-list" data-testid="customer-list">
              <thead>
                <tr>
                  <th>{t('customer.fields.account')}</th>
                  <th>{t('customer.fields.name')}</th>
                  <th>{t('customer.fields.address')}</th>
                  <th>{t('customer.fields.phone')}</th>
                  <th>{t('customer.fields.usage')}</th>
                  <th>{t('customer.fields.voltage')}</th>
                  <th>{t('customer.fields.flags')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => {
                  const flags = Array.isArray(c.data.flags) ? (c.data.flags as CustomerFields['flags']) : [];
                  return (
                    <tr key={c.id} data-testid="customer-row" data-account={str(c.data.account)}>
                      <td>{str(c.data.account)}</td>
                      <td>{str(c.data.name)}</td>
                      <td>{str(c.data.address)}</td>
                      <td>{str(c.data.phone)}</td>
                      <td>{str(c.data.usage) ? t(`customer.usage.${str(c.data.usage) as 'residential'}`) : null}</td>
                      <td>{str(c.data.voltage)}</td>
                      <td>
                        {flags.map((f) => t(`customer.flag.${f}`)).join('、')}
                        {isKeyCustomer(c) ? <span class="badge">{t('customer.key')}</span> : null}
                      </td>
                      <td><button type="button" class="btn btn-quiet" onClick={() => setEditing(c)}>{t('customer.edit')}</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </main>
  );
}
