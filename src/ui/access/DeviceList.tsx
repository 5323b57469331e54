import { useEffect, useState } from 'preact/hooks';
import { formatBytes, t } from '../../i18n';
import { loadDevices, revokeDevice, type DeviceRow } from '../../state/staff-admin';
import { accessError } from './errors';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : t('access.devices.never'));

function DeviceItem({ d, onChanged }: { d: DeviceRow; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const h = d.health;
  return (
    <li class="card" data-testid={`device-${d.code}`}>
      <p>
        <strong>{d.userName}</strong>
        {' · '}
        {d.name}
        {' · '}
        {d.code}
      </p>
      <dl class="facts">
        <dt>{t('access.devices.lastSync')}</dt>
        <dd>{when(d.lastSyncAt)}</dd>
        <dt>{t('access.devices.appVersion')}</dt>
        <dd>{h?.appVersion ?? '—'}</dd>
        <dt>{t('access.devices.pending')}</dt>
        <dd data-testid="device-pending">{h ? String(h.pending) : '—'}</dd>
        <dt>{t('access.devices.oldestPending')}</dt>
        <dd>{h?.oldestPendingAt ? when(h.oldestPendingAt) : '—'}</dd>
        <dt>{t('access.devices.storage')}</dt>
        <dd>{h && h.storageUsed !== null ? `${formatBytes(h.storageUsed)}${h.storageQuota !== null ? ` / ${formatBytes(h.storageQuota)}` : ''}` : '—'}</dd>
        <dt>{t('access.devices.clockOffset')}</dt>
        <dd>{h && h.clockOffsetMs !== null ? t('access.devices.seconds', { count: Math.round(h.clockOffsetMs / 1000) }) : '—'}</dd>
      </dl>
      {d.revokedAt ? (
        <p class="hint" data-testid="device-revoked">
          {d.wiped ? t('access.devices.wiped') : t('access.devices.revoked')}
        </p>
      ) : confirming ? (
        <div class="form-row">
          <p>{t('access.devices.confirmRevoke')}</p>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="device-revoke-confirm"
            onClick={async () => {
              const r = await revokeDevice(d.id);
              if (!r.ok) setError(accessError(r.code));
              setConfirming(false);
              onChanged();
            }}
          >
            {t('access.devices.revoke')}
          </button>
        </div>
      ) : (
        <button type="button" class="btn" data-testid="device-revoke" onClick={() => setConfirming(true)}>
          {t('access.devices.revoke')}
        </button>
      )}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </li>
  );
}

/** The station's devices with the health each reports on push; revoke one. */
export function DeviceList() {
  const [devices, setDevices] = useState<DeviceRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = async () => {
    const r = await loadDevices();
    if (r.ok) {
      setDevices(r.value);
      setError(null);
    } else setError(accessError(r.code));
  };
  useEffect(() => {
    void reload();
  }, []);
  return (
    <section data-testid="device-list">
      <h2>{t('access.admin.devices')}</h2>
      <button type="button" class="btn" onClick={() => void reload()}>
        {t('access.admin.refresh')}
      </button>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {devices === null ? (
        <p class="hint">{t('access.admin.loading')}</p>
      ) : devices.length === 0 ? (
        <p class="empty">{t('access.devices.empty')}</p>
      ) : (
        <ul class="job-list">
          {devices.map((d) => (
            <DeviceItem key={d.id} d={d} onChanged={() => void reload()} />
          ))}
        </ul>
      )}
    </section>
  );
}
