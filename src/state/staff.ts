import { createStore } from 'zustand/vanilla';
import { sessionStore } from './session';
import { useStore } from './store';
import { useEffect } from 'preact/hooks';

// The station's staff, for dispatching and for names on the timeline. Fetched when online
// and kept on the device, so a phone in the field still shows who did what.

export interface StaffMember {
  id: string;
  name: string;
  role: string;
}

const KEY = (station: string) => `stationdesk.staff.${station}`;

export const staffStore = createStore<{ staff: StaffMember[] }>(() => ({ staff: [] }));

function cached(station: string): StaffMember[] {
  try {
    return JSON.parse(localStorage.getItem(KEY(station)) ?? '[]') as StaffMember[];
  } catch {
    return [];
  }
}

export async function refreshStaff(): Promise<void> {
  const s = sessionStore.getState().session;
  if (!s) return;
  staffStore.setState({ staff: cached(s.station) });
  try {
    const res = await fetch('/api/staff', { headers: { authorization: `Bearer ${s.accessToken}` }, cache: 'no-store' });
    if (!res.ok) return;
    const body = (await res.json()) as { staff: StaffMember[] };
    localStorage.setItem(KEY(s.station), JSON.stringify(body.staff));
    staffStore.setState({ staff: body.staff });
  } catch {
    // Offline: the cached list stands.
  }
}

export function useStaff(): StaffMember[] {
  const staff = useStore(staffStore, (s) => s.staff);
  useEffect(() => {
    void refreshStaff();
  }, []);
  return staff;
}

export function staffName(staff: readonly StaffMember[], id: string | null | undefined): string {
  if (!id) return '';
  return staff.find((m) => m.id === id)?.name ?? id.slice(0, 8);
}
