import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useSetupState } from '../state/access';
import { login, useSession, type LoginFailure } from '../state/session';
import { OfflineUsers } from './access/PinUnlock';
import { SetupScreen } from './access/SetupScreen';

function failureText(f: LoginFailure): string {
  switch (f.code) {
    case 'auth.invalid':
      return t('login.errors.auth.invalid');
    case 'auth.disabled':
      return t('login.errors.auth.disabled');
    case 'auth.throttled':
      return t('login.errors.auth.throttled', { seconds: f.retryAfterSeconds ?? 60 });
    case 'network':
      return t('login.errors.network');
    case 'required':
      return t('login.errors.required');
    default:
      return t('errors.unknown', { code: f.code });
  }
}

export function Login() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<LoginFailure | null>(null);
  const { wiped } = useSession();
  const [setup, setSetup] = useSetupState();
  if (setup === 'needed') return <SetupScreen onDone={() => setSetup('done')} />;
  return (
    <main class="page page-narrow" data-testid="login">
      <h1>{t('login.title')}</h1>
      <p class="hint">{t('login.hint')}</p>
      {wiped ? (
        <p class="error" role="alert" data-testid="wiped-notice">
          {t('access.wiped')}
        </p>
      ) : null}
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setFailure(await login(username, password));
          setBusy(false);
        }}
      >
        <label class="field">
          <span>{t('login.username')}</span>
          <input name="username" autoComplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {failure ? (
          <p class="error" role="alert" data-testid="login-error">
            {failureText(failure)}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
      <OfflineUsers />
    </main>
  );
}
