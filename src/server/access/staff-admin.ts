import type pg from 'pg';
import { z } from 'zod';
import type { AuthContext } from '../auth';
import { createUser, MIN_PASSWORD } from '../admin-ops';
import { withTransaction } from '../db';
import { hashPassword } from '../passwords';
import { audit, type Reply } from './audit';

// The chief's staff screen: add, disable, reset a password, change a role. Each of the
// last three ends the user's sessions (their tokens), so a change takes effect at once;
// a role change also makes the user's devices pull again from nothing, in the new scope.

export const isChief = (auth: AuthContext) => auth.role === 'chief' || auth.role === 'admin';
const forbidden: Reply = { status: 403, body: { error: 'auth.forbidden' } };
const STAFF_ROLES = ['lineman', 'clerk', 'chief'] as const;

/** GET /api/staff: every device gets names and roles; the chief also gets usernames and disabled staff. */
export async function listStaff(pool: pg.Pool, auth: AuthContext): Promise<Reply> {
  if (!isChief(auth)) {
    const { rows } = await pool.query<{ id: string; name: string; role: string }>(
      'SELECT id, name, role FROM users WHERE station = $1 AND NOT disabled ORDER BY role, name',
      [auth.station],
    );
    return { status: 200, body: { staff: rows } };
  }
  const { rows } = await pool.query<{ id: string; name: string; role: string; username: string; disabled: boolean }>(
    'SELECT id, name, role, username, disabled FROM users WHERE station = $1 ORDER BY disabled, role, name',
    [auth.station],
  );
  return { status: 200, body: { staff: rows } };
}

const addSchema = z.object({
  username: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  role: z.enum(STAFF_ROLES),
  password: z.string().min(1).max(256),
});

export async function addStaff(pool: pg.Pool, auth: AuthContext, body: unknown): Promise<Reply> {
  if (!isChief(auth)) return forbidden;
  const parsed = addSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'body.invalid', detail: parsed.error.issues[0]?.path.join('.') } };
  const r = await createUser(pool, { ...parsed.data, station: auth.station });
  if (!r.ok) return { status: r.error === 'user.exists' ? 409 : 400, body: { error: r.error, detail: r.detail } };
  await audit(pool, auth, 'staff.add', { detail: { user: r.value.id, role: parsed.data.role } });
  return { status: 201, body: { id: r.value.id } };
}

const patchSchema = z
  .object({
    disabled: z.boolean().optional(),
    password: z.string().min(1).max(256).optional(),
    role: z.enum(STAFF_ROLES).optional(),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export async function changeStaff(pool: pg.Pool, auth: AuthContext, userId: string, body: unknown): Promise<Reply> {
  if (!isChief(auth)) return forbidden;
  const parsed = patchSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'body.invalid', detail: parsed.error.issues[0]?.path.join('.') } };
  const p = parsed.data;
  if (userId === auth.userId && (p.disabled !== undefined || p.role !== undefined)) return { status: 409, body: { error: 'staff.self' } };
  if (p.password !== undefined && [...p.password].length < MIN_PASSWORD) return { status: 400, body: { error: 'user.password_too_short' } };
  const hash = p.password !== undefined ? await hashPassword(p.password) : null;
  return withTransaction(pool, async (c) => {
    const found = await c.query<{ role: string; disabled: boolean }>('SELECT role, disabled FROM users WHERE id = $1 AND station = $2 FOR UPDATE', [userId, auth.station]);
    const user = found.rows[0];
    if (!user) return { status: 404, body: { error: 'staff.not_found' } };
    const roleChanged = p.role !== undefined && p.role !== user.role;
    await c.query(
      `UPDATE users SET disabled = coalesce($2, disabled), role = coalesce($3, role), name = coalesce($4, name), password_hash = coalesce($5, password_hash)
        WHERE id = $1`,
      [userId, p.disabled ?? null, p.role ?? null, p.name ?? null, hash],
    );
    if (p.disabled === true || hash !== null || roleChanged) {
      await c.query(
        'UPDATE tokens SET revoked_at = now() WHERE revoked_at IS NULL AND device_id IN (SELECT id FROM devices WHERE user_id = $1)',
        [userId],
      );
    }
    if (roleChanged) {
      await c.query('UPDATE clients SET reset_pending = true WHERE device_id IN (SELECT id FROM devices WHERE user_id = $1)', [userId]);
    }
    const changed = Object.keys(p).map((k) => (k === 'password' ? 'password' : `${k}`));
    await audit(c, auth, 'staff.change', { detail: { user: userId, changed, ...(p.role ? { role: p.role } : {}), ...(p.disabled !== undefined ? { disabled: p.disabled } : {}) } });
    return { status: 200, body: { ok: true } };
  });
}
