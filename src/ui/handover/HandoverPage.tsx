import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, reasonMessage, t } from '../../i18n';
import { mayConfirm, validateHandover, type HandoverErrors } from '../../domain/handover';
import type { RecordRow } from '../../domain/records';
import { confirmHandover, handOver, useHandedToMe, useHandoverChildren, useHandovers, useMyOpenItems, type HandedItem } from '../../state/handover';
import { useSession } from '../../state/session';
import { staffName, useStaff } from '../../state/staff';
import { markDirty, navigate } from '../../state/store';
import { ClockBadge } from '../clocks';
import { Field } from '../repair/Field';
import { itemTitle, typeLabel } from './titles';
import '../zones/zones.css';

const when = (v: unknown) => (typeof v === 'string' && v ? formatDateTime(new Date(v)) : '');

/** The outgoing person's list: every open item, a note each, to whom. */
function HandoverForm() {
  const items = useMyOpenItems();
  const staff = useStaff();
  const { session } = useSession();
  const me = session?.userId ?? '';
  const [to, setTo] = useState('');
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [left, setLeft] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<HandoverErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const dirty = to !== '' || note !== '' || Object.values(notes).some(Boolean);
  useEffect(() => {
    if (!dirty) return;
    markDirty(1);
    return () => markDirty(-1);
  }, [dirty]);
  const others = staff.filter((m) => m.id !== me);
  return (
    <form
      class="form card"
      data-testid="handover-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const input = {
          to,
          note,
          items: items.filter((i) => !left.has(i.itemId)).map((i) => ({ itemType: i.itemType, itemId: i.itemId, note: notes[i.itemId] ?? '', title: itemTitle(i.itemType, i.row) })),
        };
        const found = validateHandover(input, me);
        setErrors(found);
        if (Object.values(found).some(Boolean)) return;
        const r = await handOver(input);
        if (!r.ok) {
          setFailure(reasonMessage(r.code));
          return;
        }
        setFailure(null);
        setSaved(staffName(staff, to));
        setTo('');
        setNotes({});
        setNote('');
        setLeft(new Set());
      }}
    >
      <h2>{t('handover.mine')}</h2>
      {items.length === 0 ? <p class="empty">{t('handover.nothingOpen')}</p> : null}
      <ul class="handover-items" data-testid="handover-items">
        {items.map((i) => {
          const title = itemTitle(i.itemType, i.row);
          return (
            <li key={i.itemId} class="card handed-item" data-testid="handover-item" data-item-type={i.itemType} data-item-id={i.itemId}>
              <label class="check">
                <input
                  type="checkbox"
                  data-testid="handover-include"
                  checked={!left.has(i.itemId)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setLeft((s) => {
                      const n = new Set(s);
                      if (on) n.delete(i.itemId);
                      else n.add(i.itemId);
                      return n;
                    });
                  }}
                />
                <span>{typeLabel(i.itemType)}</span>
              </label>
              <strong data-testid="handover-item-title">{title}</strong>
              <ClockBadge row={i.row} />
              <label class="field">
                <span>{t('handover.itemNote')}</span>
                <input data-testid="handover-item-note" aria-label={t('handover.noteFor', { title })} value={notes[i.itemId] ?? ''} onInput={(e) => { const v = e.currentTarget.value; setNotes((n) => ({ ...n, [i.itemId]: v })); }} />
              </label>
            </li>
          );
        })}
      </ul>
      <Field id="handover-to" label={t('handover.to')}>
        <select id="handover-to" name="to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="">{t('handover.choose')}</option>
          {others.map((m) => (
            <option key={m.id} value={m.id}>{m.name}</option>
          ))}
        </select>
      </Field>
      {errors.to ? <p class="field-error" role="alert">{t(`handover.errors.${errors.to}`)}</p> : null}
      <label class="field" for="handover-note">
        <span>{t('handover.note')}</span>
        <textarea id="handover-note" name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {failure ? <p class="error" role="alert">{failure}</p> : null}
      {saved ? <p class="ok" role="status" data-testid="handover-saved">{t('handover.saved', { name: saved })}</p> : null}
      <button type="submit" class="btn btn-primary" data-testid="handover-submit">{t('handover.submit')}</button>
    </form>
  );
}

/** A handover awaiting my confirmation: each item ticked as received, then confirmed. */
function Confirm({ handover, items }: { handover: RecordRow; items: HandedItem[] }) {
  const staff = useStaff();
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const all = items.every((i) => ticked.has(i.item.id));
  return (
    <li class="card" data-testid="handover-pending" data-handover={handover.id}>
      <p>{t('handover.fromAt', { name: staffName(staff, handover.data.from as string), at: when(handover.data.at) })}</p>
      {handover.data.note ? <p>{String(handover.data.note)}</p> : null}
      <ul>
        {items.map((i) => (
          <li key={i.item.id} class="handed-item" data-testid="pending-item" data-item-type={String(i.item.data.itemType)} data-item-id={String(i.item.data.itemId)}>
            <label class="check">
              <input
                type="checkbox"
                data-testid="confirm-item"
                checked={ticked.has(i.item.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setTicked((s) => {
                    const n = new Set(s);
                    if (on) n.add(i.item.id);
                    else n.delete(i.item.id);
                    return n;
                  });
                }}
              />
              <span>{t('handover.received')}</span>
            </label>
            <span>{typeLabel(String(i.item.data.itemType))}</span>
            <strong data-testid="pending-item-title">{itemTitle(String(i.item.data.itemType), i.row, i.item.data.title)}</strong>
            {i.item.data.note ? <span class="hint" data-testid="pending-item-note">{String(i.item.data.note)}</span> : null}
          </li>
        ))}
      </ul>
      <label class="field">
        <span>{t('handover.incomingNote')}</span>
        <textarea value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <button
        type="button"
        class="btn btn-primary"
        data-testid="handover-confirm"
        disabled={!all}
        onClick={async () => {
          const r = await confirmHandover(handover, note);
          setError(r.ok ? null : reasonMessage(r.code));
        }}
      >
        {t('handover.confirm')}
      </button>
    </li>
  );
}

function Record({ handover }: { handover: RecordRow }) {
  const children = useHandoverChildren(handover.id);
  const staff = useStaff();
  const items = children.filter((c) => c.type === 'handoverItem');
  const notes = children.filter((c) => c.type === 'note');
  const status = handover.status === 'confirmed' ? 'confirmed' : handover.status === 'handedOver' ? 'handedOver' : 'draft';
  return (
    <li class="card" data-testid="handover-record" data-handover={handover.id} data-status={status}>
      <p data-testid="handover-record-line">
        {t('handover.record', { from: staffName(staff, handover.data.from as string), to: staffName(staff, handover.data.to as string), at: when(handover.data.at) })}
      </p>
      <p data-testid="handover-record-status">
        {status === 'confirmed'
          ? t('handover.confirmedBy', { name: staffName(staff, (handover.data.confirmedBy ?? handover.data.to) as string), at: when(handover.data.confirmedAt) })
          : t(`handover.status.${status}`)}
      </p>
      <ul>
        {items.map((i) => (
          <li key={i.id} data-testid="handover-record-item" data-item-type={String(i.data.itemType)}>
            <span>{typeLabel(String(i.data.itemType))}</span> <strong>{String(i.data.title ?? i.data.itemId)}</strong>
            {i.data.note ? <span class="hint">{String(i.data.note)}</span> : null}
          </li>
        ))}
      </ul>
      {notes.map((n) => (
        <p key={n.id} class="hint">{String(n.data.text ?? '')}</p>
      ))}
    </li>
  );
}

export function HandoverPage() {
  const mine = useHandedToMe();
  const all = useHandovers();
  const { session } = useSession();
  const pending = mine.handovers.filter((h) => mayConfirm(h, session?.userId ?? ''));
  return (
    <main class="page layout-phone handover-page" data-testid="handover-page">
      <nav class="register-nav">
        <button type="button" class="btn" data-testid="nav-home" onClick={() => navigate({ name: 'home' })}>{t('nav.home')}</button>
        <button type="button" class="btn" data-testid="nav-zones" onClick={() => navigate({ name: 'zones' })}>{t('zone.nav')}</button>
      </nav>
      <h1>{t('handover.title')}</h1>
      <section data-testid="handed-to-me">
        <h2>{t('handover.toMe')}</h2>
        {pending.length === 0 ? <p class="empty">{t('handover.noneToConfirm')}</p> : null}
        <ul class="duty-cards">
          {pending.map((h) => (
            <Confirm key={h.id} handover={h} items={mine.items.filter((i) => i.handover.id === h.id)} />
          ))}
        </ul>
      </section>
      <HandoverForm />
      <section>
        <h2>{t('handover.history')}</h2>
        {all.length === 0 ? <p class="empty">{t('handover.noHistory')}</p> : null}
        <ul class="duty-cards" data-testid="handover-history">
          {all.slice(0, 50).map((h) => (
            <Record key={h.id} handover={h} />
          ))}
        </ul>
      </section>
    </main>
  );
}

