// Regulation clocks on screen. Mount: ClockJumpBanner in the App (under the top bar),
// ClockSummary + ExportIcs + NotificationToggle on the homes, ClockBadge beside each item,
// DisasterPeriodControl on the chief's home or settings.
export { ClockBadge, ClockLine, clockStateText } from './ClockBadge';
export { ClockSummary } from './ClockSummary';
export { ExportIcs } from './ExportIcs';
export { ClockJumpBanner } from './ClockJumpBanner';
export { NotificationToggle } from './NotificationToggle';
export { DisasterPeriodControl } from './DisasterPeriodControl';
export { formatDuration, lateMinutes } from './format';
