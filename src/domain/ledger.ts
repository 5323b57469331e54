/**
 * Settling an entry of the conflict ledger: the chief keeps the current value (nothing
 * changes) or takes the other one (a new ordinary change, made on the device first). The
 * server records which, so every device of the chief sees the entry settled.
 */
import { z } from 'zod';
import { lazily } from './lazy';

export const SETTLE_ACTIONS = ['keep', 'take'] as const;
export type SettleAction = (typeof SETTLE_ACTIONS)[number];

/** The body of POST /api/conflicts/settle, checked on the device and on the server. */
export const SettleConflictSchema = lazily(() => z.object({
  id: z.number().int().positive(),
  action: z.enum(SETTLE_ACTIONS),
}));

export type SettleConflict = z.infer<typeof SettleConflictSchema>;
