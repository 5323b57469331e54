import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { formatHlc } from '../domain/hlc';
import type { MutationBody } from '../domain/mutations';
import type { RecordRow } from '../domain/records';
import { dispatchMutations, intakeMutations, returnVisitMutation, stepMutations, type IntakeInput } from '../domain/repair';
import { demoZonesWeek } from '../domain/zones-demo';
import type { PushMutation, Role } from '../sync/protocol';
import { createStation, createUser } from './admin-ops';
import { PROJECT_ROOT, startServer } from './app';
import type { AuthContext } from './auth';
import { buildIfStale } from './build';
import { deviceCode } from './login';
import { hashPassword } from './passwords';
import { handlePush } from './sync/push';

// npm run demo: a station to try the app with. A chief, two clerks and three linemen with
// printed passwords, a week of repair jobs in every state and of zone duties, written through the server's
// own push path with each author's rights, so they sync to devices like any other work.
//   DATA_DIR (./data-demo), PORT (8080), HOST (127.0.0.1), DATABASE_URL (else embedded).

export const DEMO_STATION = { code: 'DEMO01', name: '青山供电所' };

export interface DemoUser {
  username: string;
  name: string;
  role: Exclude<Role, 'admin'>;
  password: string;
}

const STAFF: Omit<DemoUser, 'password'>[] = [
  { username: 'chief', name: '李建国', role: 'chief' },
  { username: 'clerk1', name: '周敏', role: 'clerk' },
  { username: 'clerk2', name: '吴芳', role: 'clerk' },
  { username: 'line1', name: '王师傅', role: 'lineman' },
  { username: 'line2', name: '赵师傅', role: 'lineman' },
  { username: 'line3', name: '陈师傅', role: 'lineman' },
];

const WORDS = '23456789abcdefghjkmnpqrstuvwxyz';
const newPassword = () => Array.from({ length: 10 }, () => WORDS[randomInt(WORDS.length)]).join('');

type Stage = 'registered' | 'dispatched' | 'accepted' | 'enRoute' | 'arrived' | 'restored' | 'archived';
const LATER: Stage[] = ['accepted', 'enRoute', 'arrived', 'restored', 'archived'];

/** A week at the counter: who called, where, what happened, and how far the job has got. */
const JOBS: { day: number; hour: number; input: IntakeInput; stage: Stage; lineman?: number; cause?: string; work?: string }[] = [
  { day: 6, hour: 9, stage: 'archived', lineman: 0, cause: 'lineFault', work: '更换下户线 15 米', input: job('张德福', '13807310001', '东坪村三组 12 号', 'rural', '雷雨后全户停电') },
  { day: 6, hour: 15, stage: 'archived', lineman: 1, cause: 'meter', work: '更换电能表', input: job('刘桂兰', '13807310002', '青山镇解放路 45 号', 'urban', '电表不走字，家里没电') },
  { day: 5, hour: 10, stage: 'archived', lineman: 2, cause: 'weather', work: '清理树障，恢复供电', input: job('陈小军', '13807310003', '石门村五组', 'rural', '树枝压线，半个组停电') },
  { day: 4, hour: 8, stage: 'archived', lineman: 0, cause: 'fuse', work: '更换跌落式熔断器熔丝', input: job('黄秀英', '13807310004', '白沙村一组 3 号', 'rural', '变压器跌落保险掉了') },
  { day: 4, hour: 19, stage: 'archived', lineman: 1, work: '紧固进户线接头', input: job('赵大海', '0731-5551234', '青山镇新华街 8 号', 'urban', '灯一闪一闪，电压不稳') },
  { day: 3, hour: 11, stage: 'restored', lineman: 2, cause: 'lineFault', work: '修复断线', input: job('孙丽', '13807310006', '龙潭村二组', 'rural', '大风刮断电线') },
  { day: 2, hour: 14, stage: 'restored', lineman: 0, work: '更换空开', input: job('周建华', '13807310007', '青山镇工业园 2 号厂房', 'urban', '厂房总开关跳闸合不上') },
  { day: 2, hour: 21, stage: 'arrived', lineman: 1, input: job('吴春梅', '13807310008', '高岭村四组 7 号', 'remote', '山里三户人家停电') },
  { day: 1, hour: 9, stage: 'enRoute', lineman: 2, input: job('郑国强', '13807310009', '东坪村六组', 'rural', '抽水泵没电') },
  { day: 1, hour: 16, stage: 'accepted', lineman: 0, input: job('王淑珍', '13807310010', '青山镇人民路 102 号', 'urban', '单元楼一半停电') },
  { day: 0, hour: 1, stage: 'dispatched', lineman: 1, input: job('冯志勇', '13807310011', '石门村二组 15 号', 'rural', '夜里突然停电') },
  { day: 0, hour: 2, stage: 'dispatched', lineman: 2, input: job('何小燕', '13807310012', '白沙村三组', 'rural', '邻居家有电我家没电') },
  { day: 0, hour: 3, stage: 'registered', input: job('许文斌', '13807310013', '龙潭村一组 22 号', 'rural', '插座冒火花后停电') },
  { day: 0, hour: 4, stage: 'registered', input: job('谢晓红', '95598', '青山镇建设路 6 号', 'urban', '95598 转来：小区停电') },
];

function job(customerName: string, customerPhone: string, address: string, areaType: IntakeInput['areaType'], description: string): IntakeInput {
  return { customerName, customerPhone, address, areaType, description, reportedVia: 'phone', insideInstallation: false, guidance: '' };
}

/** The demo users' push identity: one device per user, made straight in the tables. */
async function demoDevice(pool: pg.Pool, userId: string, role: Role): Promise<AuthContext> {
  const existing = await pool.query<{ id: string; client_id: string }>("SELECT id, client_id FROM devices WHERE user_id = $1 AND name = 'demo-seed'", [userId]);
  if (existing.rows[0]) return { userId, role, station: DEMO_STATION.code, deviceId: existing.rows[0].id, clientId: existing.rows[0].client_id };
  const id = randomUUID();
  const clientId = randomUUID();
  const n = (await pool.query<{ n: number }>("SELECT nextval('device_code_seq') AS n")).rows[0]!.n;
  await pool.query(`INSERT INTO devices (id, user_id, station, name, code, client_id) VALUES ($1, $2, $3, 'demo-seed', $4, $5)`, [id, userId, DEMO_STATION.code, deviceCode(n), clientId]);
  await pool.query('INSERT INTO clients (client_id, device_id) VALUES ($1, $2)', [clientId, id]);
  return { userId, role, station: DEMO_STATION.code, deviceId: id, clientId };
}

class Writer {
  private mid = 0;
  private clock = 0;
  private queue: PushMutation[] = [];
  constructor(readonly auth: AuthContext, private readonly pool: pg.Pool) {}
  add(ms: Date, muts: MutationBody[]) {
    for (const m of muts) {
      const at = Math.max(ms.getTime(), this.clock + 1);
      this.clock = at;
      this.queue.push({ mid: ++this.mid, name: m.name, args: m.args, hlc: formatHlc({ ms: at, counter: 0, node: `demo-${this.auth.userId.slice(0, 8)}` }) });
    }
  }
  async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 100);
      const health = { pending: batch.length, oldestPendingAt: null, appVersion: 'demo', storageUsed: null, storageQuota: null, clockOffsetMs: 0 };
      const r = await handlePush(this.pool, this.auth, { clientId: this.auth.clientId, schemaVersion: 1, device: health, mutations: batch });
      const body = r.body as { rejections?: unknown[] };
      if (r.status !== 200 || body.rejections?.length) throw new Error(`demo push refused: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    }
  }
}

const hours = (h: number) => h * 3600_000;

/**
 * Makes (or refreshes) the demo station: new passwords every time, the week of jobs only
 * once. `now` places the week; the newest jobs are a few hours old.
 */
export async function seedDemo(pool: pg.Pool, opts: { now?: Date; passwords?: Partial<Record<string, string>> } = {}): Promise<{ station: string; users: DemoUser[]; seeded: boolean }> {
  const now = opts.now ?? new Date();
  const users: DemoUser[] = STAFF.map((s) => ({ ...s, password: opts.passwords?.[s.username] ?? newPassword() }));
  const made = await createStation(pool, DEMO_STATION.code, DEMO_STATION.name);
  if (!made.ok && made.error !== 'station.exists') throw new Error(made.error);
  const ids = new Map<string, string>();
  for (const u of users) {
    const r = await createUser(pool, { ...u, station: DEMO_STATION.code });
    if (r.ok) ids.set(u.username, r.value.id);
    else if (r.error === 'user.exists') {
      const found = await pool.query<{ id: string }>('UPDATE users SET password_hash = $2, disabled = false WHERE username = $1 AND station = $3 RETURNING id', [u.username, await hashPassword(u.password), DEMO_STATION.code]);
      if (!found.rows[0]) throw new Error(`user ${u.username} exists in another station`);
      ids.set(u.username, found.rows[0].id);
    } else throw new Error(r.error);
  }
  const already = await pool.query("SELECT 1 FROM records WHERE station = $1 AND type = 'repairJob' LIMIT 1", [DEMO_STATION.code]);
  if (already.rowCount) return { station: DEMO_STATION.code, users, seeded: false };

  const writer = async (username: string) => new Writer(await demoDevice(pool, ids.get(username)!, STAFF.find((s) => s.username === username)!.role), pool);
  const clerks = [await writer('clerk1'), await writer('clerk2')];
  const linemen = [await writer('line1'), await writer('line2'), await writer('line3')];
  const start = new Date(now.getTime() - hours(24 * 6 + 12));
  start.setUTCMinutes(0, 0, 0);
  JOBS.forEach((j, i) => {
    const clerk = clerks[i % 2]!;
    const lineman = j.lineman === undefined ? null : linemen[j.lineman]!;
    const at = new Date(Math.min(start.getTime() + hours(24 * (6 - j.day) + j.hour), now.getTime() - hours(1)));
    const jobId = `demo-job-${String(i + 1).padStart(2, '0')}`;
    const ev = (s: string) => `${jobId}-${s}`;
    clerk.add(at, intakeMutations(j.input, { jobId, eventId: ev('registered'), now: at, userId: clerk.auth.userId, responsibleUnit: DEMO_STATION.name }));
    if (!lineman) return;
    const row = { id: jobId, statusGen: 0, clocks: {}, status: 'registered', data: {} } as unknown as RecordRow;
    const dispatchedAt = new Date(at.getTime() + 5 * 60_000);
    clerk.add(dispatchedAt, dispatchMutations(row, lineman.auth.userId, { eventId: ev('dispatched'), now: dispatchedAt, userId: clerk.auth.userId }));
    const reached = LATER.indexOf(j.stage as (typeof LATER)[number]);
    let t = dispatchedAt.getTime();
    for (const stage of LATER.slice(0, reached + 1)) {
      t = Math.min(t + (stage === 'restored' ? hours(2) : 20 * 60_000), now.getTime() - 60_000);
      const when = new Date(t);
      if (stage === 'restored' && (j.cause || j.work)) {
        lineman.add(when, [{ name: 'record.upsert', args: { type: 'repairJob', id: jobId, fields: { ...(j.cause ? { cause: j.cause } : {}), ...(j.work ? { workDone: j.work } : {}) }, base: {} } }]);
      }
      lineman.add(when, stepMutations(row, stage, { eventId: ev(stage), now: when, userId: lineman.auth.userId }));
      if (stage === 'archived') {
        const visit = returnVisitMutation({ ...row, data: { ...j.input } }, when, []);
        if (visit) clerk.add(when, [visit]);
      }
    }
  });
  // The hygiene zones, their rota and a week of duties and handovers, kept by the chief.
  const chief = await writer('chief');
  chief.add(start, demoZonesWeek(now, users.map((u) => ({ id: ids.get(u.username)!, name: u.name, role: u.role }))));
  // Intake and dispatch first, then the field work, so every step finds its job.
  for (const w of [chief, ...clerks, ...linemen]) await w.flush();
  return { station: DEMO_STATION.code, users, seeded: true };
}

async function main() {
  const distDir = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(PROJECT_ROOT, 'dist');
  if (!process.env.DIST_DIR) buildIfStale(PROJECT_ROOT, distDir);
  let seeded: Awaited<ReturnType<typeof seedDemo>> | null = null;
  const server = await startServer({
    port: process.env.PORT ? Number(process.env.PORT) : 8080,
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: process.env.DATA_DIR ?? path.resolve('data-demo'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    distDir,
    prepare: async (pool) => {
      seeded = await seedDemo(pool);
    },
  });
  const s = seeded as Awaited<ReturnType<typeof seedDemo>> | null;
  process.stdout.write(`\nStationDesk demo: ${DEMO_STATION.name} (${DEMO_STATION.code}) at ${server.url}\n`);
  process.stdout.write(s?.seeded ? 'A week of repair jobs was written.\n' : 'The station was already there; its passwords are new.\n');
  for (const u of s?.users ?? []) process.stdout.write(`  ${u.role.padEnd(8)} ${u.username.padEnd(8)} ${u.password}   ${u.name}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
