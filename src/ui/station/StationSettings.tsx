import './station.css';
import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { saveDueSoonPercent, useStationSettings } from '../../state/station-settings';
import { navigate } from '../../state/store';
import { DeviceList } from '../access/DeviceList';
import { StaffAdmin } from '../access/StaffAdmin';
import { DisasterPeriodControl } from '../clocks';
import { ZoneSettingsForm } from '../zones/ZoneSettingsForm';
import { CalendarSettings } from './CalendarSettings';
import { RuleSettings } from './RuleSettings';

const percentOf = (fraction: number) => String(Math.round(fraction * 10_000) / 100);

/** [DL3] Due soon: less than this share of an item's time is left. */
function DueSoonSetting({ fraction }: { fraction: number }) {
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      class="card form"
      data-testid="due-soon-setting"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await saveDueSoonPercent(text ?? percentOf(fraction));
        setMessage(r.ok ? { ok: true, text: t('station.dueSoon.saved') } : { ok: false, text: reasonMessage(r.code) });
        if (r.ok) setText(null);
      }}
    >
      <h2>{t('station.dueSoon.title')}</h2>
      <p data-testid="due-soon-current">{t('station.dueSoon.current', { percent: percentOf(fraction) })}</p>
      <label class="field" for="due-soon-percent">
        <span>{t('station.dueSoon.label')}</span>
        <input id="due-soon-percent" name="dueSoonPercent" type="number" inputMode="decimal" min="1" max="99" step="1" value={text ?? percentOf(fraction)} onInput={(e) => { setText(e.currentTarget.value); setMessage(null); }} />
      </label>
      {message ? (
        <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="due-soon-result">
          {message.text}
        </p>
      ) : null}
      <button type="submit" class="btn" data-testid="due-soon-save">
        {t('station.dueSoon.save')}
      </button>
    </form>
  );
}

/**
 * The chief's station settings: deadline rules, the due-soon share, the working-day calendar,
 * and the existing controls for disaster periods, shift times, staff and devices. All of it is
 * synced to every device of the station and drives the clocks there, offline too.
 */
export function StationSettings() {
  const settings = useStationSettings();
  return (
    <main class="page layout-wide station-settings" data-testid="station-settings">
      <button type="button" class="btn btn-quiet" data-testid="station-back" onClick={() => navigate({ name: 'role', role: 'chief' })}>
        {t('station.back')}
      </button>
      <h1>{t('station.title')}</h1>
      <p class="hint">{t('station.hint')}</p>
      {settings ? (
        <>
          <RuleSettings policy={settings.policy.policy} changes={settings.policy.changes} problems={settings.policy.problems.filter((p) => p.type === 'policyRule').length} />
          <DueSoonSetting fraction={settings.policy.policy.dueSoonFraction} />
          <CalendarSettings calendar={settings.calendar} />
        </>
      ) : (
        <p class="hint">{t('station.loading')}</p>
      )}
      <DisasterPeriodControl />
      <section data-testid="station-shifts" aria-label={t('station.more.shifts')}>
        <ZoneSettingsForm />
        <button type="button" class="btn btn-small" data-testid="station-open-zones" onClick={() => navigate({ name: 'zones' })}>
          {t('station.more.openZones')}
        </button>
      </section>
      <details class="card" data-testid="station-staff">
        <summary>{t('station.more.staff')}</summary>
        <StaffAdmin />
      </details>
      <details class="card" data-testid="station-devices">
        <summary>{t('station.more.devices')}</summary>
        <DeviceList />
      </details>
    </main>
  );
}
