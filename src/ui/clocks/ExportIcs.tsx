import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { ALARM_CHOICES, downloadDeadlinesIcs, icsAlarmMinutes, setIcsAlarmMinutes, useClockScheduler } from '../../state/clocks';

/** Downloads every open deadline as an .ics file whose alarms ring with the app closed. */
export function ExportIcs() {
  useClockScheduler();
  const [alarm, setAlarm] = useState(icsAlarmMinutes());
  return (
    <div class="export-ics" data-testid="export-ics-box">
      <label class="field-inline">
        <span>{t('clock.ics.alarm')}</span>
        <select
          data-testid="ics-alarm"
          value={String(alarm)}
          onChange={(e) => {
            const m = Number(e.currentTarget.value);
            setAlarm(m);
            setIcsAlarmMinutes(m);
          }}
        >
          {ALARM_CHOICES.map((m) => (
            <option key={m} value={String(m)}>
              {m === 0 ? t('clock.ics.alarmAtTime') : t('clock.ics.alarmMinutes', { count: m })}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="btn" data-testid="export-ics" onClick={() => downloadDeadlinesIcs(alarm)}>
        {t('clock.ics.export')}
      </button>
      <p class="hint">{t('clock.ics.hint')}</p>
    </div>
  );
}
