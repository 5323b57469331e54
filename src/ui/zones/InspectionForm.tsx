import { useEffect, useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import type { InspectionPhoto } from '../../domain/zones';
import type { RecordRow } from '../../domain/records';
import { usePhotoUrl } from '../../state/repair';
import { markDirty } from '../../state/store';
import { inspectDuty, preparePhoto } from '../../state/zones';
import { Field } from '../repair/Field';
import { itemText } from './labels';

export function Thumb({ sha256 }: { sha256: string }) {
  const url = usePhotoUrl(sha256);
  return url ? <img class="thumb" src={url} alt={t('zone.photo')} data-testid="zone-photo-thumb" /> : <span class="thumb thumb-pending">{t('zone.photoPending')}</span>;
}

/** The incoming shift's walk: each item pass or fail, photos and a note, then sign-off. */
export function InspectionForm({ duty, checklist, onDone }: { duty: RecordRow; checklist: string[]; onDone?: (result: 'pass' | 'fail') => void }) {
  const [passes, setPasses] = useState<boolean[]>(() => checklist.map(() => true));
  const [overall, setOverall] = useState<'pass' | 'fail'>('pass');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<InspectionPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dirty = note !== '' || photos.length > 0 || passes.some((p) => !p);
  useEffect(() => {
    if (!dirty) return;
    markDirty(1);
    return () => markDirty(-1);
  }, [dirty]);
  const failing = checklist.length > 0 ? passes.some((p) => !p) : overall === 'fail';
  return (
    <form
      class="form card inspection-form"
      data-testid="inspection-form"
      data-duty={duty.id}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await inspectDuty(duty, { items: checklist.map((item, i) => ({ item, pass: passes[i] ?? true })), result: checklist.length ? undefined : overall, note, photos });
        setBusy(false);
        if (!r.ok) {
          setError(reasonMessage(r.code));
          return;
        }
        onDone?.(failing ? 'fail' : 'pass');
      }}
    >
      <h3>{t('zone.inspection.title')}</h3>
      {checklist.length > 0 ? (
        <ul class="checklist" data-testid="inspection-items">
          {checklist.map((item, i) => (
            <li key={`${i}-${item}`} data-testid="inspection-item" data-pass={passes[i] ? 'true' : 'false'}>
              <span class="check-item">{itemText(item)}</span>
              <label class="check">
                <input type="radio" name={`item-${i}`} checked={passes[i]} data-testid={`item-${i}-pass`} onChange={() => setPasses((p) => p.map((v, j) => (j === i ? true : v)))} />
                <span>{t('zone.inspection.pass')}</span>
              </label>
              <label class="check">
                <input type="radio" name={`item-${i}`} checked={!passes[i]} data-testid={`item-${i}-fail`} onChange={() => setPasses((p) => p.map((v, j) => (j === i ? false : v)))} />
                <span>{t('zone.inspection.fail')}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <Field id={`ov-${duty.id}`} label={t('zone.inspection.overall')}>
          <select id={`ov-${duty.id}`} value={overall} data-testid="inspection-overall" onChange={(e) => setOverall(e.currentTarget.value === 'fail' ? 'fail' : 'pass')}>
            <option value="pass">{t('zone.inspection.pass')}</option>
            <option value="fail">{t('zone.inspection.fail')}</option>
          </select>
        </Field>
      )}
      <label class="field">
        <span>{t('zone.inspection.note')}</span>
        <textarea name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div class="thumbs" data-testid="inspection-photos">
        {photos.map((p) => (
          <Thumb key={p.id} sha256={p.sha256} />
        ))}
      </div>
      <label class="btn file-button">
        <span>{t('zone.inspection.addPhoto')}</span>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          class="visually-hidden"
          data-testid="inspection-photo-input"
          disabled={busy}
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (!file) return;
            setBusy(true);
            const r = await preparePhoto(file);
            setBusy(false);
            if (r.ok) setPhotos((p) => [...p, r.photo]);
            else setError(reasonMessage(r.code));
          }}
        />
      </label>
      {photos.length > 0 ? <p role="status" data-testid="inspection-photo-ready">{t('zone.inspection.photos', { count: photos.length })}</p> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      <button type="submit" class={failing ? 'btn btn-danger' : 'btn btn-primary'} data-testid="inspection-submit" disabled={busy}>
        {failing ? t('zone.inspection.signOffFail') : t('zone.inspection.signOffPass')}
      </button>
    </form>
  );
}
