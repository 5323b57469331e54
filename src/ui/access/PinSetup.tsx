import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { clearPin, LOCK_CHOICES, lock, lockAfterMinutes, setLockAfterMinutes, setPin } from '../../state/pin';
import { useSession } from '../../state/session';
import { accessError } from './errors';

/** Settings › Security: the PIN for offline unlock, the idle lock, and locking now. */
export function PinSetup() {
  const { session } = useSession();
  const [pin, setPinText] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [minutes, setMinutes] = useState(lockAfterMinutes());
  if (!session) return null;
  const hasPin = !!session.pin;
  return (
    <section data-testid="pin-setup">
      <h2>{t('access.pin.section')}</h2>
      <h3>{t('access.pin.setupTitle')}</h3>
      <p class="hint">{t('access.pin.setupHint')}</p>
      <p data-testid="pin-state">{hasPin ? t('access.pin.isSet') : t('access.pin.notSet')}</p>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const r = await setPin(session.userId, pin, repeat);
          setBusy(false);
          setMessage(r.ok ? { ok: true, text: t('access.pin.saved') } : { ok: false, text: accessError(r.code) });
          if (r.ok) {
            setPinText('');
            setRepeat('');
          }
        }}
      >
        <div class="form-row">
          <label class="field">
            <span>{t('access.pin.pin')}</span>
            <input name="new-pin" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onInput={(e) => setPinText(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t('access.pin.repeat')}</span>
            <input name="repeat-pin" type="password" inputMode="numeric" autoComplete="new-password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
          </label>
        </div>
        {message ? (
          <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="pin-setup-message">
            {message.text}
          </p>
        ) : null}
        <div class="form-row">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {t('access.pin.save')}
          </button>
          {hasPin ? (
            <>
              <button type="button" class="btn" data-testid="lock-now" onClick={() => lock()}>
                {t('access.pin.lockNow')}
              </button>
              <button type="button" class="btn btn-quiet" onClick={() => void clearPin(session.userId)}>
                {t('access.pin.clear')}
              </button>
            </>
          ) : null}
        </div>
      </form>
      <label class="field">
        <span>{t('access.pin.autoLock')}</span>
        <select
          data-testid="auto-lock"
          value={String(minutes)}
          onChange={(e) => {
            const m = Number(e.currentTarget.value);
            setLockAfterMinutes(m);
            setMinutes(m);
          }}
        >
          {LOCK_CHOICES.map((m) => (
            <option key={m} value={String(m)}>
              {t('access.pin.minutes', { count: m })}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
