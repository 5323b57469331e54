import { z } from 'zod';
import { formatHlc, isHlc, parseHlc } from '../domain/hlc';
import { lazily } from '../domain/lazy';
import type { ChildRow, RecordRow } from '../domain/records';
import type { Rejection } from '../domain/mutations';

// Sync protocol envelopes (see ../shared/design.md). The server imports this file and
// domain/ only, so both ends validate with the same schemas.
//
// Versions of the push body (`schemaVersion`; pull is the same in both):
//   1  every mutation carries its mid and its whole HLC string (`mid`, `hlc`);
//   2  the same mutations, with what repeats said once: the first mid, and each stamp as
//      the milliseconds since the previous one, its counter only when not the expected
//      one, and its node only when not the batch's (pushWireSchema, encodePush).
// Devices send 2; the server reads both, because a phone that stayed offline for weeks
// still runs the old app and must be able to hand in its outbox. The device falls back to
// 1 when a server answers a version-2 body with 400 (a server older than the app).

/** The push body version devices send. */
export const PROTOCOL_VERSION = 2;
/** Version 1, the full form: PushRequest is this shape, what the server applies and what old apps send. */
export const PUSH_V1 = 1;
export const MAX_PUSH_MUTATIONS = 100;
export const MAX_BODY_BYTES = 256 * 1024;
export const PULL_PAGE = 500;

// Built on first use (the server's): the device only encodes, and building schemas while the
// modules load delays its first screen (see domain/lazy.ts).
const schemas = lazily(() => {
  const deviceHealth = z.object({
    pending: z.number().int().min(0),
    oldestPendingAt: z.string().nullable(),
    appVersion: z.string().max(64),
    storageUsed: z.number().min(0).nullable(),
    storageQuota: z.number().min(0).nullable(),
    clockOffsetMs: z.number().nullable(),
  });

  /** Envelope only: the mutation's own name and args are checked one by one, so one bad item becomes a rejection. */
  const pushMutation = z.object({
    mid: z.number().int().min(1),
    name: z.string().max(64),
    args: z.unknown(),
    hlc: z.string().refine(isHlc, 'hlc'),
  });

  const pushRequest = z.object({
    clientId: z.string().min(1).max(64),
    schemaVersion: z.number().int().min(1),
    device: deviceHealth,
    mutations: z.array(pushMutation).max(MAX_PUSH_MUTATIONS),
  });

  /** A mutation of a version-2 body; absent fields follow from the one before (see decode). */
  const pushWireMutation = z.object({
    name: z.string().max(64),
    args: z.unknown(),
    /** Only when not the previous mid + 1. */
    mid: z.number().int().min(1).optional(),
    /** Milliseconds of the stamp after the previous stamp's (the first: after 0); absent = 0. */
    dt: z.number().int().optional(),
    /** HLC counter, only when not the expected one: previous + 1 in the same millisecond, else 0. */
    counter: z.number().int().min(0).optional(),
    /** HLC node, only when not the body's. */
    node: z.string().min(1).max(200).optional(),
  });

  const pushWire = z.object({
    clientId: z.string().min(1).max(64),
    schemaVersion: z.literal(PROTOCOL_VERSION),
    device: deviceHealth,
    /** The HLC node of every mutation that names none (the device's id). */
    node: z.string().min(1).max(200),
    firstMid: z.number().int().min(1),
    mutations: z.array(pushWireMutation).max(MAX_PUSH_MUTATIONS),
  });
  return { deviceHealth, pushMutation, pushRequest, pushWireMutation, pushWire };
});

export const deviceHealthSchema = lazily(() => schemas.deviceHealth);
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;
/** Envelope only: the mutation's own name and args are checked one by one, so one bad item becomes a rejection. */
export const pushMutationSchema = lazily(() => schemas.pushMutation);
export type PushMutation = z.infer<typeof pushMutationSchema>;
export const pushRequestSchema = lazily(() => schemas.pushRequest);
export type PushRequest = z.infer<typeof pushRequestSchema>;
export const pushWireMutationSchema = lazily(() => schemas.pushWireMutation);
export const pushWireSchema = lazily(() => schemas.pushWire);
export type PushWire = z.infer<typeof pushWireSchema>;

/**
 * The version-2 body of a push. Null when a stamp cannot be split (never for stamps the
 * device makes): the caller then sends the version-1 body, which says everything in full.
 */
export function encodePush(req: PushRequest): PushWire | null {
  if (req.schemaVersion !== PUSH_V1) return null;
  const node = (req.mutations[0] && parseHlc(req.mutations[0].hlc)?.node) ?? req.clientId;
  let mid = (req.mutations[0]?.mid ?? 1) - 1;
  let ms = 0;
  let counter = -1;
  const mutations: PushWire['mutations'] = [];
  for (const m of req.mutations) {
    const h = parseHlc(m.hlc);
    // A stamp must come back as the very same string, or it is not sent this way.
    if (!h || formatHlc(h) !== m.hlc) return null;
    const w: PushWire['mutations'][number] = { name: m.name, args: m.args };
    if (m.mid !== mid + 1) w.mid = m.mid;
    if (h.ms !== ms) w.dt = h.ms - ms;
    if (h.counter !== (h.ms === ms ? counter + 1 : 0)) w.counter = h.counter;
    if (h.node !== node) w.node = h.node;
    mutations.push(w);
    mid = m.mid;
    ms = h.ms;
    counter = h.counter;
  }
  return { clientId: req.clientId, schemaVersion: PROTOCOL_VERSION, device: req.device, node, firstMid: (req.mutations[0]?.mid ?? 1), mutations };
}

function decodeWire(w: PushWire): PushRequest {
  let mid = w.firstMid - 1;
  let ms = 0;
  let counter = -1;
  const mutations = w.mutations.map((m) => {
    mid = m.mid ?? mid + 1;
    const next = ms + (m.dt ?? 0);
    counter = m.counter ?? (next === ms ? counter + 1 : 0);
    ms = next;
    return { mid, name: m.name, args: m.args, hlc: formatHlc({ ms, counter, node: m.node ?? w.node }) };
  });
  return { clientId: w.clientId, schemaVersion: w.schemaVersion, device: w.device, mutations };
}

export type PushParse = { success: true; data: PushRequest } | { success: false; issues: { path: PropertyKey[]; message: string }[] };

/**
 * A push body of either version as the version-1 request the server applies. A version-2
 * body is unfolded into full mids and stamps and then checked like a version-1 one, so
 * both meet the same rules (a stamp that unfolds to no valid HLC is refused alike).
 */
export function readPushBody(body: unknown): PushParse {
  const version = body && typeof body === 'object' ? (body as { schemaVersion?: unknown }).schemaVersion : undefined;
  let v1: unknown = body;
  if (version === PROTOCOL_VERSION) {
    const w = pushWireSchema.safeParse(body);
    if (!w.success) return { success: false, issues: w.error.issues };
    v1 = decodeWire(w.data);
  }
  const r = pushRequestSchema.safeParse(v1);
  return r.success ? { success: true, data: r.data } : { success: false, issues: r.error.issues };
}

export interface PushRejection {
  mid: number;
  reason: Rejection;
}

export interface PushResponse {
  /** The highest mid the server holds for this client (applied or rejected). */
  lastMid: number;
  rejections: PushRejection[];
  /** Set when the device was revoked: it pushed once more, now it must wipe. */
  wipe?: boolean;
}

export const pullRequestSchema = lazily(() => z.object({
  cursor: z.number().int().min(0),
  limit: z.number().int().min(1).max(PULL_PAGE).default(PULL_PAGE),
}));
export type PullRequest = z.infer<typeof pullRequestSchema>;

export type Change =
  | { seq: number; kind: 'record'; row: RecordRow }
  | { seq: number; kind: 'child'; row: ChildRow }
  | { seq: number; kind: 'remove'; type: string; id: string };

export interface PullResponse {
  changes: Change[];
  cursor: number;
  /** Highest mid of this client the server holds: lets the device drop acknowledged outbox entries. */
  lastMid: number;
  serverTime: string;
  /** The server lost the history the cursor points into: start again from 0. */
  reset?: boolean;
  hasMore: boolean;
  /** The device was revoked: it must make its last push (which answers wipe) and send nothing else. */
  wipe?: boolean;
}

export interface HealthResponse {
  ok: boolean;
  version: string;
  database: 'ok' | 'down';
  serverTime: string;
}

export interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  deviceId: string;
  clientId: string;
  deviceCode: string;
  user: { id: string; name: string; role: Role; station: string };
}

export const ROLES = ['lineman', 'clerk', 'chief', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const loginRequestSchema = lazily(() => z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  deviceName: z.string().min(1).max(100),
  /** A device that logs in again keeps its client id, so its outbox still belongs to it. */
  clientId: z.string().min(1).max(64).optional(),
}));

/** Error bodies the server answers with: a code the device translates, never prose only. */
export interface ApiError {
  error: string;
  detail?: string;
  retryAfterSeconds?: number;
}
