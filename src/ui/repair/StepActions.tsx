import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { RecordRow } from '../../domain/records';
import { step } from '../../state/repair';

const NEXT: Record<string, string> = {
  registered: 'accepted',
  dispatched: 'accepted',
  accepted: 'enRoute',
  enRoute: 'arrived',
  arrived: 'restored',
  restored: 'archived',
};

function position(): Promise<{ lat: number; lng: number } | undefined> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: Math.round(p.coords.latitude * 1e5) / 1e5, lng: Math.round(p.coords.longitude * 1e5) / 1e5 }),
      () => resolve(undefined),
      { timeout: 8_000, maximumAge: 60_000 },
    ),
  );
}

/** One big button for the next step: one hand, gloves, sunlight. */
export function StepActions({ job, onError }: { job: RecordRow; onError: (code: string) => void }) {
  const [withPosition, setWithPosition] = useState(false);
  const [busy, setBusy] = useState(false);
  const next = job.status ? NEXT[job.status] : undefined;
  if (!next || job.data.insideInstallation === true) return null;
  return (
    <div class="step-actions">
      {next === 'arrived' ? (
        <label class="check">
          <input type="checkbox" checked={withPosition} onChange={(e) => setWithPosition(e.currentTarget.checked)} />
          <span>{t('repair.detail.location')}</span>
        </label>
      ) : null}
      <button
        type="button"
        class="btn btn-primary btn-big"
        data-testid={`step-${next}`}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const where = next === 'arrived' && withPosition ? await position() : undefined;
          const r = await step(job, next, { where });
          setBusy(false);
          if (!r.ok) onError(r.code);
        }}
      >
        {t(`repair.step.${next as 'accepted'}`)}
      </button>
    </div>
  );
}
