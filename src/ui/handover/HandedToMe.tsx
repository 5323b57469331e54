import { t } from '../../i18n';
import { useHandedToMe } from '../../state/handover';
import { useSession } from '../../state/session';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { ClockBadge } from '../clocks';
import { itemTitle, openItem, typeLabel } from './titles';
import '../zones/zones.css';

/** First on the incoming person's home: handovers to confirm, then handed items still open. */
export function HandedToMe() {
  const { handovers, items } = useHandedToMe();
  const staff = useStaff();
  const { session } = useSession();
  const waiting = handovers.filter((h) => h.status === 'handedOver' && h.data.to === session?.userId);
  const open = items.filter((i) => i.handover.status === 'confirmed' && i.open);
  if (waiting.length === 0 && open.length === 0) return null;
  return (
    <section class="card handed-to-me" data-testid="handed-to-me-home">
      <h2>{t('handover.handedToYou')}</h2>
      {waiting.map((h) => (
        <p key={h.id} data-testid="handover-waiting">
          {t('handover.waiting', { name: staffName(staff, h.data.from as string), count: Number(h.data.itemCount ?? 0) })}{' '}
          <button type="button" class="btn btn-primary" data-testid="go-confirm" onClick={() => navigate({ name: 'handover' })}>
            {t('handover.goConfirm')}
          </button>
        </p>
      ))}
      <ul class="job-list">
        {open.map((i) => (
          <li key={i.item.id} class="job-row handed-item" data-testid="handed-item" data-item-type={String(i.item.data.itemType)} data-item-id={String(i.item.data.itemId)}>
            <button type="button" class="job-open" onClick={() => openItem(String(i.item.data.itemType), String(i.item.data.itemId), i.row)}>
              <span>{typeLabel(String(i.item.data.itemType))}</span>{' '}
              <strong>{itemTitle(String(i.item.data.itemType), i.row, i.item.data.title)}</strong>
              {i.item.data.note ? <span class="hint">{String(i.item.data.note)}</span> : null}
              {i.row ? <ClockBadge row={i.row} /> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
