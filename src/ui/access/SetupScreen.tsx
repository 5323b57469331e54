import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { submitSetup, type SetupFailure } from '../../state/access';
import { accessError } from './errors';

/** First run: the one-time code the server printed, the station, and its chief. */
export function SetupScreen({ onDone }: { onDone: () => void }) {
  const [v, setV] = useState({ code: '', stationCode: '', stationName: '', shiftTimes: '08:00,20:00', username: '', name: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<SetupFailure | null>(null);
  const field = (key: keyof typeof v, label: string, type = 'text', auto = 'off') => (
    <label class="field">
      <span>{label}</span>
      <input name={key} type={type} autoComplete={auto} value={v[key]} onInput={(e) => setV({ ...v, [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <main class="page page-narrow" data-testid="setup">
      <h1>{t('access.setup.title')}</h1>
      <p class="hint">{t('access.setup.hint')}</p>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const shiftTimes = v.shiftTimes.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean);
          const f = await submitSetup({ ...v, shiftTimes });
          setBusy(false);
          setFailure(f);
          if (!f || f.code === 'setup.done') onDone();
        }}
      >
        {field('code', t('access.setup.code'))}
        {field('stationCode', t('access.setup.stationCode'))}
        {field('stationName', t('access.setup.stationName'))}
        {field('shiftTimes', t('access.setup.shiftTimes'))}
        {field('username', t('access.setup.chiefUsername'), 'text', 'username')}
        {field('name', t('access.setup.chiefName'))}
        {field('password', t('access.setup.password'), 'password', 'new-password')}
        {failure ? (
          <p class="error" role="alert" data-testid="setup-error">
            {accessError(failure.code, failure.retryAfterSeconds)}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('access.setup.busy') : t('access.setup.submit')}
        </button>
      </form>
    </main>
  );
}
