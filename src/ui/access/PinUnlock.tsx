import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { deviceUsers, unlockWithPin, type DeviceUser } from '../../state/pin';
import { signOut, useSession } from '../../state/session';

function PinForm({ user, onBack }: { user: DeviceUser; onBack?: () => void }) {
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(user.lockedOut ? t('access.pin.lockedOut') : null);
  const [lockedOut, setLockedOut] = useState(user.lockedOut);
  if (!user.hasPin) return <p class="error" role="alert">{t('access.pin.noPin')}</p>;
  return (
    <form
      class="form"
      data-testid="pin-unlock-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await unlockWithPin(user.userId, pin);
        setBusy(false);
        setPin('');
        if (r.ok) return;
        if (r.code === 'pin.wrong') setMessage(t('access.pin.wrong', { count: r.triesLeft }));
        else if (r.code === 'pin.locked_out') {
          setLockedOut(true);
          setMessage(t('access.pin.lockedOut'));
        } else setMessage(t('access.pin.noPin'));
      }}
    >
      <label class="field">
        <span>{t('access.pin.pin')}</span>
        <input name="pin" type="password" inputMode="numeric" autoComplete="off" value={pin} disabled={lockedOut} onInput={(e) => setPin(e.currentTarget.value)} />
      </label>
      {message ? (
        <p class="error" role="alert" data-testid="pin-error">
          {message}
        </p>
      ) : null}
      <div class="form-row">
        <button type="submit" class="btn btn-primary" disabled={busy || lockedOut}>
          {busy ? t('access.pin.busy') : t('access.pin.unlock')}
        </button>
        {onBack ? (
          <button type="button" class="btn" onClick={onBack}>
            {t('access.pin.pick')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The users of this device to pick from; only names, never anyone's data. */
export function DeviceUserPicker({ exclude, title, onPick }: { exclude?: string; title: string; onPick: (u: DeviceUser) => void }) {
  const [users, setUsers] = useState<DeviceUser[]>([]);
  useEffect(() => {
    void deviceUsers().then(setUsers);
  }, []);
  const shown = users.filter((u) => u.userId !== exclude && u.hasPin);
  if (!shown.length) return null;
  return (
    <>
      <p class="hint">{title}</p>
      <ul class="role-list" data-testid="device-users">
      {shown.map((u) => (
        <li key={u.userId}>
          <button type="button" class="btn" data-testid={`device-user-${u.username}`} onClick={() => onPick(u)}>
            {u.name}
            {' · '}
            {t(`role.${u.role === 'admin' ? 'chief' : u.role}`)}
          </button>
        </li>
      ))}
      </ul>
    </>
  );
}

/** The lock screen: the current user's PIN, or another user of this shared device. */
export function PinUnlock() {
  const { session } = useSession();
  const [picked, setPicked] = useState<DeviceUser | null>(null);
  const current: DeviceUser | null = session
    ? { userId: session.userId, name: session.name, username: session.username, role: session.role, hasPin: !!session.pin, lockedOut: !!session.lockedOut }
    : null;
  const user = picked ?? current;
  return (
    <main class="page page-narrow" data-testid="pin-unlock">
      <h1>{t('access.pin.unlockTitle')}</h1>
      <p class="hint">{t('access.pin.unlockHint')}</p>
      {user ? (
        <section class="card">
          <h2 data-testid="pin-user">{user.name}</h2>
          <PinForm key={user.userId} user={user} onBack={picked ? () => setPicked(null) : undefined} />
        </section>
      ) : null}
      <DeviceUserPicker exclude={user?.userId} title={t('access.pin.pick')} onPick={setPicked} />
      <button type="button" class="btn" data-testid="pin-use-login" onClick={() => void signOut()}>
        {t('access.pin.useLogin')}
      </button>
    </main>
  );
}

/** On the sign-in screen: unlock a user of this device without the network. */
export function OfflineUsers() {
  const [picked, setPicked] = useState<DeviceUser | null>(null);
  return (
    <section data-testid="offline-users">
      {picked ? (
        <section class="card">
          <h2 data-testid="pin-user">{picked.name}</h2>
          <PinForm key={picked.userId} user={picked} onBack={() => setPicked(null)} />
        </section>
      ) : (
        <DeviceUserPicker title={t('access.pin.offlineUsers')} onPick={setPicked} />
      )}
    </section>
  );
}
