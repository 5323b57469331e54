import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { parseShiftTimes } from '../../domain/zones';
import { saveZoneSettings, useZoneSettings } from '../../state/zones';
import { Field } from '../repair/Field';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The chief's settings: shift times, the weekly clean-up's day and time, the re-clean window. */
export function ZoneSettingsForm() {
  const s = useZoneSettings();
  const [times, setTimes] = useState<string | null>(null);
  const [day, setDay] = useState<number | null>(null);
  const [time, setTime] = useState<string | null>(null);
  const [hours, setHours] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const shown = { times: times ?? s.shiftTimes.join(', '), day: day ?? s.weeklyDay, time: time ?? s.weeklyTime, hours: hours ?? String(s.recleanHours) };
  return (
    <form
      class="form card"
      data-testid="zone-settings"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const list = shown.times.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean);
        const h = Number(shown.hours);
        if (parseShiftTimes(list).length === 0 || !(h > 0 && h <= 168) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(shown.time)) {
          setMsg(t('zone.errors.settings'));
          return;
        }
        const r = await saveZoneSettings({ shiftTimes: list, weeklyCleanupDay: shown.day, weeklyCleanupTime: shown.time, recleanHours: h });
        setMsg(r.ok ? t('zone.settingsSaved') : reasonMessage(r.code));
      }}
    >
      <h2>{t('zone.settings')}</h2>
      <label class="field">
        <span>{t('zone.fields.shiftTimes')}</span>
        <input name="shiftTimes" value={shown.times} onInput={(e) => setTimes(e.currentTarget.value)} />
      </label>
      <Field id="zs-weeklyDay" label={t('zone.fields.weeklyDay')}>
        <select id="zs-weeklyDay" name="weeklyDay" value={String(shown.day)} onChange={(e) => setDay(Number(e.currentTarget.value))}>
          {DAYS.map((d) => (
            <option key={d} value={String(d)}>{t(`zone.weekday.${d}`)}</option>
          ))}
        </select>
      </Field>
      <label class="field">
        <span>{t('zone.fields.weeklyTime')}</span>
        <input name="weeklyTime" type="time" value={shown.time} onInput={(e) => setTime(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('zone.fields.recleanHours')}</span>
        <input name="recleanHours" type="number" min="0.5" step="0.5" value={shown.hours} onInput={(e) => setHours(e.currentTarget.value)} />
      </label>
      {msg ? <p role="status" data-testid="settings-result">{msg}</p> : null}
      <button type="submit" class="btn" data-testid="settings-submit">{t('zone.saveSettings')}</button>
    </form>
  );
}
