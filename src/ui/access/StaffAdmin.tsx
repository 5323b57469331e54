import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { addStaff, changeStaff, loadStaff, type NewStaff, type StaffRow } from '../../state/staff-admin';
import { accessError } from './errors';

const ROLES = ['lineman', 'clerk', 'chief'] as const;
type StaffRole = (typeof ROLES)[number];

function AddForm({ onAdded }: { onAdded: () => void }) {
  const empty: NewStaff = { username: '', name: '', role: 'lineman', password: '' };
  const [v, setV] = useState<NewStaff>(empty);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      class="form card"
      data-testid="staff-add"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await addStaff(v);
        setMessage(r.ok ? { ok: true, text: t('access.staff.added') } : { ok: false, text: accessError(r.code) });
        if (r.ok) {
          setV(empty);
          onAdded();
        }
      }}
    >
      <h3>{t('access.staff.add')}</h3>
      <div class="form-row">
        <label class="field">
          <span>{t('access.staff.username')}</span>
          <input name="username" autoComplete="off" value={v.username} onInput={(e) => setV({ ...v, username: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('access.staff.name')}</span>
          <input name="name" value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('access.staff.role')}</span>
          <select name="role" value={v.role} onChange={(e) => setV({ ...v, role: e.currentTarget.value as StaffRole })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('access.staff.password')}</span>
          <input name="password" type="password" autoComplete="new-password" value={v.password} onInput={(e) => setV({ ...v, password: e.currentTarget.value })} />
        </label>
      </div>
      {message ? <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p> : null}
      <button type="submit" class="btn btn-primary">
        {t('access.staff.add')}
      </button>
    </form>
  );
}

function StaffItem({ s, onChanged }: { s: StaffRow; onChanged: () => void }) {
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (change: Parameters<typeof changeStaff>[1]) => {
    const r = await changeStaff(s.id, change);
    setMessage(r.ok ? { ok: true, text: t('access.staff.saved') } : { ok: false, text: accessError(r.code) });
    if (r.ok) onChanged();
  };
  return (
    <li class="card" data-testid={`staff-${s.username ?? s.id}`}>
      <p>
        <strong>{s.name}</strong>
        {' · '}
        {s.username}
        {' · '}
        <span data-testid="staff-state">{s.disabled ? t('access.staff.disabled') : t('access.staff.active')}</span>
      </p>
      <div class="form-row">
        <select aria-label={t('access.staff.role')} value={s.role === 'admin' ? 'chief' : s.role} onChange={(e) => void run({ role: e.currentTarget.value as StaffRole })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <button type="button" class="btn" data-testid="staff-toggle" onClick={() => void run({ disabled: !s.disabled })}>
          {s.disabled ? t('access.staff.enable') : t('access.staff.disable')}
        </button>
        <input type="password" aria-label={t('access.staff.newPassword')} placeholder={t('access.staff.newPassword')} autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <button
          type="button"
          class="btn"
          onClick={() => {
            void run({ password });
            setPassword('');
          }}
        >
          {t('access.staff.resetPassword')}
        </button>
      </div>
      {message ? <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p> : null}
    </li>
  );
}

/** The chief's staff list: add, disable, reset a password, change a role (online only). */
export function StaffAdmin() {
  const [staff, setStaff] = useState<StaffRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = async () => {
    const r = await loadStaff();
    if (r.ok) {
      setStaff(r.value);
      setError(null);
    } else setError(accessError(r.code));
  };
  useEffect(() => {
    void reload();
  }, []);
  return (
    <section data-testid="staff-admin">
      <h2>{t('access.admin.staff')}</h2>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <AddForm onAdded={() => void reload()} />
      {staff === null ? (
        <p class="hint">{t('access.admin.loading')}</p>
      ) : staff.length === 0 ? (
        <p class="empty">{t('access.staff.empty')}</p>
      ) : (
        <ul class="job-list">
          {staff.map((s) => (
            <StaffItem key={s.id} s={s} onChanged={() => void reload()} />
          ))}
        </ul>
      )}
    </section>
  );
}
