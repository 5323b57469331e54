import { useEffect, useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { DEFAULT_CHECKLISTS, ZONE_KINDS, checklistOf, validateZone, type ZoneErrors, type ZoneKind } from '../../domain/zones';
import type { RecordRow } from '../../domain/records';
import { markDirty } from '../../state/store';
import { saveZone } from '../../state/zones';
import { Field } from '../repair/Field';
import { itemText } from './labels';

/** The chief's zone: name, kind and its standard as a checklist (defaults per kind, editable). */
export function ZoneForm({ zone, onSaved }: { zone?: RecordRow | null; onSaved?: (id: string) => void }) {
  const initialKind = (zone?.data.kind as ZoneKind | undefined) ?? 'office';
  const [name, setName] = useState(String(zone?.data.name ?? ''));
  const [kind, setKind] = useState<ZoneKind>(initialKind);
  const [checklist, setChecklist] = useState<string[]>(() => (zone ? checklistOf(zone) : [...DEFAULT_CHECKLISTS[initialKind]]));
  const [touched, setTouched] = useState(false);
  const [extra, setExtra] = useState('');
  const [errors, setErrors] = useState<ZoneErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const prefix = zone ? `zf-${zone.id}` : 'zf-new';
  const dirty = name !== String(zone?.data.name ?? '') || touched;
  useEffect(() => {
    if (!dirty) return;
    markDirty(1);
    return () => markDirty(-1);
  }, [dirty]);
  const errText = (k: keyof ZoneErrors) => (errors[k] ? t(`zone.errors.${errors[k]!}`) : null);
  return (
    <form
      class="form card"
      data-testid={zone ? 'zone-edit-form' : 'zone-form'}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const input = { name, kind, checklist };
        const found = validateZone(input);
        setErrors(found);
        if (Object.values(found).some(Boolean)) return;
        const r = await saveZone(zone?.id ?? null, input);
        if (!r.ok) {
          setFailure(reasonMessage(r.code));
          return;
        }
        setFailure(null);
        setSaved(name.trim());
        onSaved?.(r.id!);
        if (!zone) {
          setName('');
          setKind('office');
          setChecklist([...DEFAULT_CHECKLISTS.office]);
          setTouched(false);
        }
      }}
    >
      <h2>{zone ? t('zone.edit') : t('zone.new')}</h2>
      <Field id={`${prefix}-name`} label={t('zone.fields.name')} error={errText('name')}>
        <input id={`${prefix}-name`} name="name" value={name} onInput={(e) => { setName(e.currentTarget.value); setSaved(null); }} />
      </Field>
      <Field id={`${prefix}-kind`} label={t('zone.fields.kind')} error={errText('kind')}>
        <select
          id={`${prefix}-kind`}
          name="kind"
          value={kind}
          onChange={(e) => {
            const k = e.currentTarget.value as ZoneKind;
            setKind(k);
            if (!touched) setChecklist([...DEFAULT_CHECKLISTS[k]]);
          }}
        >
          {ZONE_KINDS.map((k) => (
            <option key={k} value={k}>{t(`zone.kind.${k}`)}</option>
          ))}
        </select>
      </Field>
      <fieldset class="field">
        <legend>{t('zone.fields.checklist')}</legend>
        <ul class="checklist" data-testid="checklist-editor">
          {checklist.map((c, i) => (
            <li key={`${i}-${c}`}>
              <span class="check-item">{itemText(c)}</span>
              <button type="button" class="btn btn-quiet" aria-label={t('zone.removeItem', { item: itemText(c) })} onClick={() => { setChecklist((l) => l.filter((_, j) => j !== i)); setTouched(true); }}>
                {t('zone.remove')}
              </button>
            </li>
          ))}
        </ul>
        <label class="field">
          <span>{t('zone.fields.addItem')}</span>
          <input name="extra" value={extra} onInput={(e) => setExtra(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          class="btn"
          disabled={!extra.trim()}
          onClick={() => {
            setChecklist((l) => [...l, extra.trim()]);
            setExtra('');
            setTouched(true);
          }}
        >
          {t('zone.addItem')}
        </button>
        {errText('checklist') ? <span class="field-error" role="alert">{errText('checklist')}</span> : null}
      </fieldset>
      {failure ? <p class="error" role="alert">{failure}</p> : null}
      {saved ? <p class="ok" role="status" data-testid="zone-saved">{t('zone.saved', { name: saved })}</p> : null}
      <button type="submit" class="btn btn-primary" data-testid="zone-submit">{t('zone.save')}</button>
    </form>
  );
}
