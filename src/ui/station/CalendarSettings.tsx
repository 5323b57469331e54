import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import type { CalendarFileRead } from '../../domain/calendar-file';
import type { CalendarFromRecords } from '../../domain/station-settings';
import { previewCalendarFile, readCalendarFileText, saveCalendarYear } from '../../state/station-settings';

type Preview = Extract<CalendarFileRead, { ok: true }>;

/** A refused file in words: the reason, and where in the file to look. */
function failureText(r: Extract<CalendarFileRead, { ok: false }>): string {
  const reason = reasonMessage(r.reason);
  const where = r.line !== undefined ? t('station.calendar.failedLine', { line: r.line, reason }) : t('station.calendar.failed', { reason });
  return r.detail ? `${where} ${t('station.calendar.detail', { detail: r.detail })}` : where;
}

function ImportYear() {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  const choose = async (file: File | undefined) => {
    setPreview(null);
    setError(null);
    setSaved(null);
    if (!file) return;
    let text: string;
    try {
      text = await readCalendarFileText(file);
    } catch {
      setError(t('station.calendar.failed', { reason: reasonMessage('calendarFile.unreadable') }));
      return;
    }
    const r = await previewCalendarFile(text);
    if (r.ok) setPreview(r);
    else setError(failureText(r));
  };

  const save = async () => {
    if (!preview) return;
    setBusy(true);
    const r = await saveCalendarYear(preview.input);
    setBusy(false);
    if (!r.ok) {
      setError(t('station.saveFailed', { reason: reasonMessage(r.code) }));
      return;
    }
    setSaved(t('station.calendar.saved', { year: preview.preview.year }));
    setPreview(null);
    // A fresh input, so choosing the same file again reads it again.
    setInputKey((k) => k + 1);
  };

  const p = preview?.preview;
  return (
    <div class="calendar-import" data-testid="calendar-import">
      <h3>{t('station.calendar.import')}</h3>
      <p class="hint">{t('station.calendar.fileHint')}</p>
      <label class="field">
        <span>{t('station.calendar.file')}</span>
        <input
          key={inputKey}
          type="file"
          accept=".json,.csv,.txt,application/json,text/csv,text/plain"
          data-testid="calendar-file"
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
        />
      </label>
      {error ? (
        <p class="error" role="alert" data-testid="calendar-error">
          {error}
        </p>
      ) : null}
      {p ? (
        <div class="card" data-testid="calendar-preview">
          <p data-testid="calendar-preview-counts">{t('station.calendar.preview', { year: p.year, off: p.off, workdays: p.workdays })}</p>
          {p.notice ? <p class="hint">{t('station.calendar.notice', { notice: p.notice })}</p> : null}
          {p.replacing ? (
            <p class="warn" data-testid="calendar-replaces">
              {t('station.calendar.replaces', { year: p.year, off: p.replacing.off, workdays: p.replacing.workdays })}
            </p>
          ) : null}
          <div class="form-row">
            <button type="button" class="btn btn-primary" disabled={busy} data-testid="calendar-save" onClick={() => void save()}>
              {t('station.calendar.save')}
            </button>
            <button type="button" class="btn btn-quiet" onClick={() => { setPreview(null); setInputKey((k) => k + 1); }}>
              {t('station.rules.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {saved ? (
        <p class="ok" role="status" data-testid="calendar-saved">
          {saved}
        </p>
      ) : null}
    </div>
  );
}

/** Which years the station's calendar knows (shipped or imported), and the import of a year. */
export function CalendarSettings({ calendar }: { calendar: CalendarFromRecords }) {
  return (
    <section class="card" data-testid="calendar-settings" aria-labelledby="calendar-settings-title">
      <h2 id="calendar-settings-title">{t('station.calendar.title')}</h2>
      <p data-testid="calendar-known-until">
        {calendar.knownUntil ? t('station.calendar.knownUntil', { date: calendar.knownUntil }) : t('station.calendar.none')}
      </p>
      {calendar.problems.length > 0 ? (
        <p class="error" role="status">
          {t('station.calendar.problems', { n: calendar.problems.length })}
        </p>
      ) : null}
      <ul class="calendar-years" data-testid="calendar-years">
        {calendar.years.map((y) => (
          <li key={y.year} data-testid={`calendar-year-${y.year}`} data-source={y.source}>
            <strong>{t('station.calendar.year', { year: y.year })}</strong>
            {' · '}
            {y.source === 'imported' ? t('station.calendar.imported') : t('station.calendar.shipped')}
            {' · '}
            {t('station.calendar.counts', { off: y.off, workdays: y.workdays })}
            {y.notice ? <span class="hint"> · {y.notice}</span> : null}
          </li>
        ))}
      </ul>
      <ImportYear />
    </section>
  );
}
