import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { AREA_TYPES, REPORT_CHANNELS } from '../../domain/records';
import { validateIntake, type IntakeErrors, type IntakeInput } from '../../domain/repair';
import { createJob } from '../../state/repair';
import { useStaff } from '../../state/staff';
import { useCrewOnDuty } from '../../state/zones';
import { markDirty } from '../../state/store';
import { Field } from './Field';
import { intakeErrorText } from './fieldError';

const EMPTY: IntakeInput = { customerName: '', customerPhone: '', address: '', areaType: '', description: '', reportedVia: '', insideInstallation: false, guidance: '' };

/** The clerk's intake (000 item 19), also the lineman's "open a job in the field". */
export function IntakeForm({ defaultVia = 'phone', selfAssign, onSaved, initial }: { defaultVia?: IntakeInput['reportedVia']; selfAssign?: string; onSaved?: (name: string) => void; initial?: Partial<IntakeInput> }) {
  // `initial`: a fault first typed into another register (an appeal) opens here prefilled.
  const [input, setInput] = useState<IntakeInput>({ ...EMPTY, reportedVia: defaultVia, ...initial });
  const [errors, setErrors] = useState<IntakeErrors>({});
  const [assignee, setAssignee] = useState<string>(selfAssign ?? '');
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const staff = useStaff();
  const linemen = staff.filter((s) => s.role === 'lineman');
  // The crew on the current shift first: a fault goes to someone already on duty.
  const crew = useCrewOnDuty();
  const onDuty = crew.map((id) => linemen.find((m) => m.id === id)).filter((m): m is (typeof linemen)[number] => m !== undefined);
  const others = linemen.filter((m) => !crew.includes(m.id));
  const dirty = JSON.stringify(input) !== JSON.stringify({ ...EMPTY, reportedVia: defaultVia });

  // The update prompt must not reload under typed input.
  useEffect(() => {
    if (!dirty) return;
    markDirty(1);
    return () => markDirty(-1);
  }, [dirty]);

  const set = <K extends keyof IntakeInput>(k: K, v: IntakeInput[K]) => {
    setInput((s) => ({ ...s, [k]: v }));
    setSaved(null);
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const err = (k: keyof IntakeInput) => intakeErrorText(errors[k]);
  const aria = (k: keyof IntakeInput) => (errors[k] ? { 'aria-invalid': true, 'aria-describedby': `f-${k}-error` } : {});

  return (
    <form
      class="form card"
      data-testid="intake-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const found = validateIntake(input);
        setErrors(found);
        if (Object.values(found).some(Boolean)) return;
        const r = await createJob(input, assignee || null);
        if (!r.ok) {
          setFailure(t('repair.errors.save', { reason: r.code }));
          return;
        }
        setFailure(null);
        setSaved(input.customerName);
        onSaved?.(input.customerName);
        setInput({ ...EMPTY, reportedVia: defaultVia });
      }}
    >
      <h2>{selfAssign ? t('repair.newInField') : t('repair.new')}</h2>
      <Field id="f-customerName" label={t('repair.fields.customerName')} error={err('customerName')}>
        <input id="f-customerName" name="customerName" value={input.customerName} onInput={(e) => set('customerName', e.currentTarget.value)} {...aria('customerName')} />
      </Field>
      <Field id="f-customerPhone" label={t('repair.fields.customerPhone')} error={err('customerPhone')}>
        <input id="f-customerPhone" name="customerPhone" type="tel" inputMode="tel" value={input.customerPhone} onInput={(e) => set('customerPhone', e.currentTarget.value)} {...aria('customerPhone')} />
      </Field>
      <Field id="f-address" label={t('repair.fields.address')} error={err('address')}>
        <input id="f-address" name="address" value={input.address} onInput={(e) => set('address', e.currentTarget.value)} {...aria('address')} />
      </Field>
      <Field id="f-reportedVia" label={t('repair.fields.reportedVia')} error={err('reportedVia')}>
        <select id="f-reportedVia" name="reportedVia" value={input.reportedVia} onChange={(e) => set('reportedVia', e.currentTarget.value as IntakeInput['reportedVia'])}>
          {REPORT_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`repair.via.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <label class="check">
        <input type="checkbox" name="insideInstallation" checked={input.insideInstallation} onChange={(e) => set('insideInstallation', e.currentTarget.checked)} />
        <span>{t('repair.fields.insideInstallation')}</span>
      </label>
      {input.insideInstallation ? (
        <Field id="f-guidance" label={t('repair.fields.guidance')} error={err('guidance')}>
          <textarea id="f-guidance" name="guidance" value={input.guidance} onInput={(e) => set('guidance', e.currentTarget.value)} {...aria('guidance')} />
        </Field>
      ) : (
        <>
          <Field id="f-areaType" label={t('repair.fields.areaType')} error={err('areaType')}>
            <select id="f-areaType" name="areaType" value={input.areaType} onChange={(e) => set('areaType', e.currentTarget.value as IntakeInput['areaType'])} {...aria('areaType')}>
              <option value="">{t('repair.fields.areaType')}</option>
              {AREA_TYPES.map((a) => (
                <option key={a} value={a}>
                  {t(`repair.area.${a}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="f-description" label={t('repair.fields.description')} error={err('description')}>
            <textarea id="f-description" name="description" value={input.description} onInput={(e) => set('description', e.currentTarget.value)} {...aria('description')} />
          </Field>
          {selfAssign ? null : (
            <Field id="f-assignee" label={t('repair.fields.assignee')}>
              <select id="f-assignee" name="assignee" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
                <option value="">{t('repair.fields.noAssignee')}</option>
                {onDuty.length > 0 ? (
                  <optgroup label={t('zone.crewOnDuty')} data-testid="crew-on-duty">
                    {onDuty.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {onDuty.length > 0 && others.length > 0 ? (
                  <optgroup label={t('zone.otherStaff')}>
                    {others.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </optgroup>
                ) : (
                  others.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))
                )}
              </select>
            </Field>
          )}
        </>
      )}
      {failure ? (
        <p class="error" role="alert">
          {failure}
        </p>
      ) : null}
      {saved ? (
        <p class="ok" role="status" data-testid="intake-saved">
          {t('repair.saved', { name: saved })}
        </p>
      ) : null}
      <button type="submit" class="btn btn-primary" data-testid="intake-submit">
        {assignee && !selfAssign ? t('repair.save') : t('repair.saveOnly')}
      </button>
    </form>
  );
}
