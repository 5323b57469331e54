import type { Trace } from './sim-world';

// Hand-written traces for the hard cases, and any trace the generator once found failing
// (paste fast-check's counterexample here with a name saying what broke).

const zero = [0, 0, 0, 0, 0];

export const NAMED_TRACES: Record<string, Trace> = {
  'a rejection whose answer the network cut still reaches its author': {
    skews: zero,
    steps: [
      { t: 'edit', dev: 1, rec: 0, op: { k: 'forbidden' } },
      { t: 'edit', dev: 1, rec: 0, op: { k: 'set', fields: ['address'] } },
      { t: 'sync', dev: 1, faults: ['cut'] },
      { t: 'sync', dev: 1, faults: ['ok', 'drop'] },
    ],
    healOrder: [],
  },
  'same-field offline edits: one push duplicated late, the other cut after commit': {
    skews: [90_000, -90_000, 0, 0, 0],
    steps: [
      { t: 'edit', dev: 0, rec: 0, op: { k: 'set', fields: ['address', 'cause'] } },
      { t: 'edit', dev: 1, rec: 0, op: { k: 'set', fields: ['address'] } },
      { t: 'tick', ms: 5_000 },
      { t: 'edit', dev: 2, rec: 0, op: { k: 'set', fields: ['address', 'workDone'] } },
      { t: 'sync', dev: 0, faults: ['dup'] },
      { t: 'sync', dev: 1, faults: ['cut'] },
      { t: 'sync', dev: 2, faults: ['delay'] },
      { t: 'deliver', pick: 1 },
      { t: 'edit', dev: 1, rec: 0, op: { k: 'set', fields: ['address'] } },
      { t: 'sync', dev: 1, faults: ['ok', 'cut'] },
    ],
    healOrder: [1, 0],
  },
  'a reopen races an advance made by a device that never saw it': {
    skews: [0, 30_000, -30_000, 0, 0],
    steps: [
      { t: 'edit', dev: 0, rec: 1, op: { k: 'advance', stage: 3 } },
      { t: 'sync', dev: 0, faults: [] },
      { t: 'sync', dev: 1, faults: [] },
      { t: 'sync', dev: 2, faults: [] },
      { t: 'edit', dev: 1, rec: 1, op: { k: 'reopen' } },
      { t: 'edit', dev: 2, rec: 1, op: { k: 'advance', stage: 5 } },
      { t: 'edit', dev: 2, rec: 1, op: { k: 'note' } },
      { t: 'sync', dev: 1, faults: ['dupNow'] },
      { t: 'sync', dev: 2, faults: ['cut'] },
      { t: 'edit', dev: 3, rec: 1, op: { k: 'reopen' } },
      { t: 'sync', dev: 3, faults: ['delay', 'ok'] },
    ],
    healOrder: [0],
  },
  'a device stays behind while held copies of its pushes land in reverse order': {
    skews: zero,
    steps: [
      { t: 'edit', dev: 4, rec: 0, op: { k: 'set', fields: ['cause'] } },
      { t: 'sync', dev: 4, faults: ['delay'] },
      { t: 'edit', dev: 4, rec: 0, op: { k: 'note' } },
      { t: 'sync', dev: 4, faults: ['delay'] },
      { t: 'edit', dev: 4, rec: 1, op: { k: 'set', fields: ['workDone'] } },
      { t: 'sync', dev: 4, faults: ['unauthorized'] },
      { t: 'deliver', pick: 1 },
      { t: 'deliver', pick: 0 },
      { t: 'sync', dev: 4, faults: ['unavailable'] },
    ],
    healOrder: [],
  },
};
