import { z } from 'zod';
import { isHlc } from '../domain/hlc';
import type { ChildRow, RecordRow } from '../domain/records';
import type { Rejection } from '../domain/mutations';

// Sync protocol v1 envelopes (see ../shared/design.md). The server imports this file and
// domain/ only, so both ends validate with the same schemas.

export const PROTOCOL_VERSION = 1;
export const MAX_PUSH_MUTATIONS = 100;
export const MAX_BODY_BYTES = 256 * 1024;
export const PULL_PAGE = 500;

export const deviceHealthSchema = z.object({
  pending: z.number().int().min(0),
  oldestPendingAt: z.string().nullable(),
  appVersion: z.string().max(64),
  storageUsed: z.number().min(0).nullable(),
  storageQuota: z.number().min(0).nullable(),
  clockOffsetMs: z.number().nullable(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;

/** Envelope only: the mutation's own name and args are checked one by one, so one bad item becomes a rejection. */
export const pushMutationSchema = z.object({
  mid: z.number().int().min(1),
  name: z.string().max(64),
  args: z.unknown(),
  hlc: z.string().refine(isHlc, 'hlc'),
});
export type PushMutation = z.infer<typeof pushMutationSchema>;

export const pushRequestSchema = z.object({
  clientId: z.string().min(1).max(64),
  schemaVersion: z.number().int().min(1),
  device: deviceHealthSchema,
  mutations: z.array(pushMutationSchema).max(MAX_PUSH_MUTATIONS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

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

export const pullRequestSchema = z.object({
  cursor: z.number().int().min(0),
  limit: z.number().int().min(1).max(PULL_PAGE).default(PULL_PAGE),
});
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

export const loginRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  deviceName: z.string().min(1).max(100),
  /** A device that logs in again keeps its client id, so its outbox still belongs to it. */
  clientId: z.string().min(1).max(64).optional(),
});

/** Error bodies the server answers with: a code the device translates, never prose only. */
export interface ApiError {
  error: string;
  detail?: string;
  retryAfterSeconds?: number;
}
