import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { beijingDate } from '../../domain/calendar';
import { trustedNow } from '../../state/clocks';
import { syncNow } from '../../state/device';
import { loadDevices, type DeviceRow } from '../../state/staff-admin';
import { useSyncView } from '../../state/sync-view';
import { DeviceList } from '../access/DeviceList';

/** Devices whose last sync was not today (Beijing date), revoked ones aside. */
export function notSyncedToday(devices: readonly DeviceRow[], now: Date): DeviceRow[] {
  const today = beijingDate(now);
  return devices.filter((d) => !d.revokedAt && (!d.lastSyncAt || beijingDate(new Date(d.lastSyncAt)) !== today));
}

/** The chief's evening: one button syncs this device, then every device is accounted for. */
export function EndOfDay() {
  const sync = useSyncView();
  const [devices, setDevices] = useState<DeviceRow[] | null>(null);
  const [failed, setFailed] = useState(false);
  const reload = async () => {
    const r = await loadDevices();
    setFailed(!r.ok);
    if (r.ok) setDevices(r.value);
  };
  useEffect(() => {
    if (!sync.running) void reload();
  }, [sync.running, sync.lastSyncAt]);
  const late = devices ? notSyncedToday(devices, trustedNow()) : [];
  return (
    <section class="card" data-testid="end-of-day">
      <h2>{t('chief.endOfDay')}</h2>
      <button type="button" class="btn btn-primary btn-big" data-testid="eod-sync" disabled={sync.running} onClick={() => syncNow()}>
        {t('chief.eod.syncAll')}
      </button>
      {sync.running ? (
        <p>
          {t('sync.running', { pushed: sync.pushed, toPush: sync.toPush, pulled: sync.pulled })}
          <progress aria-label={t('sync.progress')} max={Math.max(1, sync.toPush)} value={sync.pushed} />
        </p>
      ) : null}
      {failed ? <p class="hint">{t('chief.eod.offline')}</p> : devices === null ? <p class="hint">{t('chief.eod.checking')}</p> : null}
      {devices !== null ? (
        late.length === 0 ? (
          <p class="ok" data-testid="eod-status">
            {t('chief.eod.allSynced')}
          </p>
        ) : (
          <p class="error" data-testid="eod-status">
            {t('chief.eod.notSynced', { names: late.map((d) => `${d.userName} · ${d.name} (${d.code})`).join('；') })}
          </p>
        )
      ) : null}
      <DeviceList />
    </section>
  );
}
