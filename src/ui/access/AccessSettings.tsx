import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { useSession } from '../../state/session';
import { AuditLog } from './AuditLog';
import { DeviceList } from './DeviceList';
import { PinSetup } from './PinSetup';
import { StaffAdmin } from './StaffAdmin';

type Panel = 'staff' | 'devices' | 'audit';

/** Settings' access part: everyone's PIN and lock; the chief's staff, devices and audit. */
export function AccessSettings() {
  const { session } = useSession();
  const [panel, setPanel] = useState<Panel | null>(null);
  if (!session) return null;
  const chief = session.role === 'chief' || session.role === 'admin';
  if (panel && chief) {
    return (
      <section data-testid="chief-panel">
        <button type="button" class="btn" data-testid="chief-back" onClick={() => setPanel(null)}>
          {t('access.admin.back')}
        </button>
        {panel === 'staff' ? <StaffAdmin /> : panel === 'devices' ? <DeviceList /> : <AuditLog />}
      </section>
    );
  }
  return (
    <>
      <PinSetup />
      {chief ? (
        <section data-testid="chief-tools">
          <h2>{t('access.admin.title')}</h2>
          <div class="form-row">
            <button type="button" class="btn" data-testid="open-staff" onClick={() => setPanel('staff')}>
              {t('access.admin.staff')}
            </button>
            <button type="button" class="btn" data-testid="open-devices" onClick={() => setPanel('devices')}>
              {t('access.admin.devices')}
            </button>
            <button type="button" class="btn" data-testid="open-audit" onClick={() => setPanel('audit')}>
              {t('access.admin.audit')}
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}
