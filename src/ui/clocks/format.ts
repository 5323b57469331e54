import { t } from '../../i18n';

/** A duration in the user's language: minutes, hours and minutes, or days and hours. */
export function formatDuration(ms: number): string {
  const totalMin = Math.max(0, Math.floor(ms / 60_000));
  if (totalMin < 60) return t('clock.dur.min', { m: totalMin });
  const totalH = Math.floor(totalMin / 60);
  if (totalH < 48) return t('clock.dur.hm', { h: totalH, m: totalMin % 60 });
  return t('clock.dur.dh', { d: Math.floor(totalH / 24), h: totalH % 24 });
}

/** How late a stopped clock was, in whole minutes, never "0" for a late one. */
export function lateMinutes(overMs: number): number {
  return Math.max(1, Math.round(overMs / 60_000));
}
