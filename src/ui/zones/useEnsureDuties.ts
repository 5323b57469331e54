import { useEffect } from 'preact/hooks';
import { ensureShiftDuties, useAssignments, useZoneSettings, useZones } from '../../state/zones';

// Apart from ZonesPage so that the home's duty list does not pull the whole zones screen
// into the first chunk.

/** Makes the current shift's duties once zones, rota or settings are on the device. */
export function useEnsureDuties(): void {
  const zones = useZones();
  const assignments = useAssignments();
  const settings = useZoneSettings();
  const key = `${zones.length}:${assignments.length}:${settings.shiftTimes.join(',')}:${settings.weeklyDay}:${settings.weeklyTime}`;
  useEffect(() => {
    void ensureShiftDuties();
  }, [key]);
}
