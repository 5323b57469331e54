import Dexie, { type Table } from 'dexie';

// Which users are signed in on this device, with their tokens. A database of its own, apart
// from each user's records, so the service worker can find whose outbox to drain and the
// sign-in screen can list who may unlock offline, without opening anyone's records.

export interface DeviceSession {
  userId: string;
  username: string;
  name: string;
  role: 'lineman' | 'clerk' | 'chief' | 'admin';
  station: string;
  deviceId: string;
  deviceCode: string;
  clientId: string;
  accessToken: string;
  refreshToken: string;
  /** When the access token lapses (ISO). */
  expiresAt: string;
  signedInAt: string;
  /** The one user whose screen is up; others stay signed in on a shared tablet. */
  active: boolean;
  /** Offline unlock: PBKDF2 of the PIN (base64), its salt and iteration count. */
  pin?: { hash: string; salt: string; iterations: number } | null;
  failedPins?: number;
  /** Set after too many wrong PINs: only an online login unlocks again. */
  lockedOut?: boolean;
}

class RegistryDb extends Dexie {
  sessions!: Table<DeviceSession, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ sessions: 'userId, active' });
  }
}

let registry: RegistryDb | null = null;

export function openRegistry(name = 'stationdesk-device'): RegistryDb {
  registry ??= new RegistryDb(name);
  return registry;
}

export async function listSessions(): Promise<DeviceSession[]> {
  return openRegistry().sessions.toArray();
}

export async function activeSession(): Promise<DeviceSession | null> {
  const all = await listSessions();
  return all.find((s) => s.active) ?? null;
}

export async function putSession(session: DeviceSession): Promise<void> {
  const db = openRegistry();
  await db.transaction('rw', db.sessions, async () => {
    if (session.active) await db.sessions.toCollection().modify({ active: false });
    await db.sessions.put(session);
  });
}

export async function updateSession(userId: string, patch: Partial<DeviceSession>): Promise<void> {
  await openRegistry().sessions.update(userId, patch);
}

export async function setActive(userId: string | null): Promise<void> {
  const db = openRegistry();
  await db.transaction('rw', db.sessions, async () => {
    await db.sessions.toCollection().modify({ active: false });
    if (userId) await db.sessions.update(userId, { active: true });
  });
}

export async function removeSession(userId: string): Promise<void> {
  await openRegistry().sessions.delete(userId);
}
