import { useState } from 'preact/hooks';
import { formatBytes, t } from '../../i18n';
import type { ChildRow, RecordRow } from '../../domain/records';
import { addPhoto, usePhotoUrl } from '../../state/repair';

function Thumb({ sha256 }: { sha256: string }) {
  const url = usePhotoUrl(sha256);
  return url ? <img class="thumb" src={url} alt={t('repair.detail.photos')} data-testid="photo-thumb" /> : <span class="thumb thumb-pending">{t('repair.detail.photoPending')}</span>;
}

export function Photos({ job, items, onError }: { job: RecordRow; items: ChildRow[]; onError: (code: string) => void }) {
  const [saved, setSaved] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const photos = items.filter((c) => c.type === 'photo');
  return (
    <section class="card">
      <h2>{t('repair.detail.photos')}</h2>
      <div class="thumbs" data-testid="photos">
        {photos.map((p) => (
          <Thumb key={p.id} sha256={String(p.data.sha256)} />
        ))}
      </div>
      <label class="btn btn-big file-button">
        <span>{t('repair.detail.addPhoto')}</span>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          data-testid="photo-input"
          disabled={busy}
          class="visually-hidden"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (!file) return;
            setBusy(true);
            const r = await addPhoto(job, file);
            setBusy(false);
            if (!r.ok) onError(r.code);
            else setSaved(r.bytes ?? null);
          }}
        />
      </label>
      {saved !== null ? (
        <p role="status" data-testid="photo-saved">
          {t('repair.detail.photoSaved', { size: formatBytes(saved) })}
        </p>
      ) : null}
    </section>
  );
}
