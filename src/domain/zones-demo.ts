import { DAY_MS, beijingDate } from './calendar';
import type { MutationBody } from './mutations';
import type { RecordRow } from './records';
import {
  DEFAULT_CHECKLISTS, DEFAULT_SHIFT_TIMES, ZONE_KINDS, inspectionMutations, parseShiftTimes, recleanId, shiftDutyId, shiftOn, type ZoneKind,
} from './zones';

// Demo data for `npm run demo`: the station's zones, a rota, and a week of end-of-shift
// duties (mostly passed, a failure with its re-clean, one left overdue today) and handovers.
// Deterministic: the same `now` and staff give the same ids and rows.

export interface DemoStaff {
  id: string;
  name: string;
  role: string;
}

const ZONE_NAMES: Record<ZoneKind, string> = {
  office: '所长办公室',
  hall: '营业厅',
  dormitory: '职工宿舍',
  yard: '院落及绿化区',
  corridor: '二楼走廊',
  toilet: '一楼卫生间',
  drains: '院内下水道',
};

const iso = (ms: number) => new Date(ms).toISOString();

function asRow(type: RecordRow['type'], id: string, data: Record<string, unknown>, status: string | null): RecordRow {
  return { id, type, station: '', data, clocks: {}, status, statusGen: 0, statusHlc: null, deleted: false, createdBy: null, hlc: '' };
}

export function demoZonesWeek(now: Date, staff: readonly DemoStaff[]): MutationBody[] {
  const out: MutationBody[] = [];
  const people = staff.filter((s) => s.role === 'lineman' || s.role === 'clerk');
  const crew = people.length > 0 ? people : staff;
  if (crew.length === 0) return out;
  const chief = staff.find((s) => s.role === 'chief') ?? crew[0]!;
  const start = now.getTime() - 7 * DAY_MS;
  const from = beijingDate(new Date(start));

  // Zones and the rota: the hall to the business office, the rest person by person.
  const zones = ZONE_KINDS.map((kind, i) => {
    const id = `demo-zone-${kind}`;
    out.push({ name: 'record.upsert', args: { type: 'zone', id, fields: { name: ZONE_NAMES[kind], kind, checklist: [...DEFAULT_CHECKLISTS[kind]] }, base: {} } });
    const office = kind === 'hall';
    const holder = office ? '营业班' : crew[i % crew.length]!.id;
    out.push({
      name: 'record.upsert',
      args: { type: 'zoneAssignment', id: `demo-as-${kind}`, fields: { zoneId: id, holder, holderKind: office ? 'office' : 'person', from, by: chief.id }, base: {} },
    });
    return { id, kind, holder, office };
  });

  // A week of end-of-shift duties.
  const defs = parseShiftTimes(DEFAULT_SHIFT_TIMES);
  let n = 0;
  for (let d = 7; d >= 0; d--) {
    const date = beijingDate(new Date(now.getTime() - d * DAY_MS));
    for (const def of defs) {
      const shift = shiftOn(def, date);
      if (shift.start.getTime() > now.getTime()) continue;
      const ended = shift.end.getTime() <= now.getTime();
      for (const z of zones) {
        n++;
        const id = shiftDutyId(z.id, shift);
        const fields = {
          zoneId: z.id, zoneName: ZONE_NAMES[z.kind], holder: z.holder, holderKind: z.office ? 'office' : 'person', kind: 'shift',
          startsAt: iso(shift.start.getTime()), dueAt: iso(shift.end.getTime()), shiftDate: shift.date, shiftIndex: shift.index,
        };
        out.push({ name: 'record.upsert', args: { type: 'zoneDuty', id, fields, base: {} } });
        out.push({ name: 'record.advance', args: { type: 'zoneDuty', id, status: 'due', gen: 0 } });
        // Today's last ended shift leaves the drains overdue; the running shift is still open.
        if (!ended || (d === 0 && z.kind === 'drains')) continue;
        const cleanedAt = shift.end.getTime() - 20 * 60_000;
        out.push({ name: 'record.upsert', args: { type: 'zoneDuty', id, fields: { doneAt: iso(cleanedAt), cleanedBy: z.office ? crew[0]!.id : z.holder }, base: {} } });
        out.push({ name: 'record.advance', args: { type: 'zoneDuty', id, status: 'cleaned', gen: 0 } });
        const inspector = crew[(n + 1) % crew.length]!.id;
        const inspectAt = new Date(shift.end.getTime() + 10 * 60_000);
        const fail = z.kind === 'toilet' && d === 3 && def.index === 0;
        const checklist = DEFAULT_CHECKLISTS[z.kind];
        const duty = asRow('zoneDuty', id, fields, 'cleaned');
        out.push(
          ...inspectionMutations(duty, { items: checklist.map((item, k) => ({ item, pass: !(fail && k === 1) })), note: fail ? '便池有污渍' : '' }, {
            inspectionId: `demo-in-${id.slice(-40)}`.slice(0, 64), now: inspectAt, userId: inspector, recleanHours: 2,
          }),
        );
        if (fail) {
          // The re-clean, done and passed within its two hours.
          const rc = recleanId(duty);
          const rcFields = { zoneId: z.id, zoneName: ZONE_NAMES[z.kind], holder: z.holder, holderKind: 'person', kind: 'reclean', startsAt: iso(inspectAt.getTime()), dueAt: iso(inspectAt.getTime() + 2 * 3_600_000), recleanOf: id, origin: id };
          out.push({ name: 'record.upsert', args: { type: 'zoneDuty', id: rc, fields: { doneAt: iso(inspectAt.getTime() + 60 * 60_000), cleanedBy: z.holder }, base: {} } });
          out.push({ name: 'record.advance', args: { type: 'zoneDuty', id: rc, status: 'cleaned', gen: 0 } });
          out.push(
            ...inspectionMutations(asRow('zoneDuty', rc, rcFields, 'cleaned'), { items: checklist.map((item) => ({ item, pass: true })) }, {
              inspectionId: `demo-in-${rc.slice(-40)}`.slice(0, 64), now: new Date(inspectAt.getTime() + 90 * 60_000), userId: inspector, recleanHours: 2,
            }),
          );
        }
      }
    }
  }

  // A handover at each ended shift change: from one person to the next, confirmed.
  if (crew.length >= 2) {
    let k = 0;
    for (let d = 7; d >= 0; d--) {
      const date = beijingDate(new Date(now.getTime() - d * DAY_MS));
      for (const def of defs) {
        const shift = shiftOn(def, date);
        if (shift.end.getTime() > now.getTime()) continue;
        const fromP = crew[k % crew.length]!;
        const toP = crew[(k + 1) % crew.length]!;
        k++;
        const id = `demo-ho-${date}-${def.index}`;
        const at = shift.end.getTime() - 5 * 60_000;
        out.push({ name: 'record.upsert', args: { type: 'handover', id, fields: { from: fromP.id, to: toP.id, at: iso(at), note: '', itemCount: 0 }, base: {} } });
        out.push({ name: 'record.advance', args: { type: 'handover', id, status: 'handedOver', gen: 0 } });
        out.push({ name: 'record.upsert', args: { type: 'handover', id, fields: { confirmedAt: iso(at + 10 * 60_000), confirmedBy: toP.id }, base: {} } });
        out.push({ name: 'record.advance', args: { type: 'handover', id, status: 'confirmed', gen: 0 } });
      }
    }
  }
  return out;
}
