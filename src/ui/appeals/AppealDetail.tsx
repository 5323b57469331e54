import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n';
import { followUpVisitId, isRedacted, nextAppealStep, type AppealStep } from '../../domain/appeals';
import type { ChildRow, RecordRow } from '../../domain/records';
import { advanceAppeal, reassignAppeal, saveResultUpward, useAppeal, useAppealChildren } from '../../state/appeals';
import { useSession } from '../../state/session';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { useVisit } from '../../state/visits';
import { ClockBadge } from '../clocks';
import { appealFailure } from './errorText';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function Steps({ items }: { items: ChildRow[] }) {
  const staff = useStaff();
  const events = items
    .filter((c) => c.type === 'statusEvent')
    .sort((a, b) => String(a.data.at).localeCompare(String(b.data.at)) || a.hlc.localeCompare(b.hlc));
  if (events.length === 0) return null;
  return (
    <section>
      <h2>{t('appeal.detail.timeline')}</h2>
      <ol class="timeline" data-testid="appeal-timeline">
        {events.map((e) => (
          <li key={e.id} data-status={str(e.data.status)}>
            <strong>{t(`appeal.status.${str(e.data.status) as 'registered'}`)}</strong>
            <span>{formatDateTime(new Date(str(e.data.at)))}</span>
            <span>{t('appeal.detail.by', { name: staffName(staff, (e.data.by as string | undefined) ?? e.author) })}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function FollowUp({ appeal }: { appeal: RecordRow }) {
  const visit = useVisit(followUpVisitId(appeal.id));
  return (
    <div class="follow-up-slot">
      {visit ? (
        <section class="card" data-testid="appeal-follow-up">
          <h2>{t('appeal.detail.followUp')}</h2>
          <p>
            <span data-testid="follow-up-status">{t(`visit.status.${(visit.status ?? 'open') as 'open'}`)}</span>
          </p>
          <ClockBadge row={visit} />
          <button type="button" class="btn" data-testid="open-follow-up" onClick={() => navigate({ name: 'visit', id: visit.id })}>
            {t('appeal.detail.openVisit')}
          </button>
        </section>
      ) : null}
    </div>
  );
}

/** Only what the row holds: a field this user may not see is absent, never an empty box. */
function Facts({ appeal }: { appeal: RecordRow }) {
  const staff = useStaff();
  const d = appeal.data;
  const items: [string, string, string][] = [];
  const add = (key: string, label: string, value: string) => {
    if (value) items.push([key, label, value]);
  };
  add('channel', t('appeal.fields.channel'), str(d.channel) ? t(`appeal.channel.${str(d.channel) as 'counter'}`) : '');
  add('receivedAt', t('appeal.fields.receivedAt'), str(d.receivedAt) ? formatDateTime(new Date(str(d.receivedAt))) : '');
  add('customerName', t('appeal.fields.customerName'), str(d.customerName));
  add('customerPhone', t('appeal.fields.customerPhone'), str(d.customerPhone));
  add('subject', t('appeal.fields.subject'), str(d.subject));
  add('content', t('appeal.fields.content'), str(d.content));
  add('namedStaff', t('appeal.fields.namedStaff'), str(d.namedStaff) ? staffName(staff, str(d.namedStaff)) : '');
  add('handler', t('appeal.fields.handler'), str(d.handler) ? staffName(staff, str(d.handler)) : '');
  add('reply', t('appeal.fields.reply'), str(d.reply));
  add('resultUpward', t('appeal.fields.resultUpward'), str(d.resultUpward));
  return (
    <dl class="facts" data-testid="appeal-facts">
      {items.map(([key, label, value]) => (
        <div key={key} class="fact" data-field={key}>
          <dt>{label}</dt>
          <dd data-testid={`appeal-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Actions({ appeal, onError }: { appeal: RecordRow; onError: (msg: string | null) => void }) {
  const { session } = useSession();
  const staff = useStaff();
  const followUp = useVisit(followUpVisitId(appeal.id));
  const [reply, setReply] = useState('');
  const [upward, setUpward] = useState('');
  const [busy, setBusy] = useState(false);
  const me = session?.userId ?? '';
  const isChief = session?.role === 'chief' || session?.role === 'admin';
  const isHandler = !!me && appeal.data.handler === me;
  const next = nextAppealStep(appeal);
  const forwarded = appeal.data.channel === 'forwarded';
  const run = async (step: AppealStep, extra: Parameters<typeof advanceAppeal>[2] = {}) => {
    setBusy(true);
    const r = await advanceAppeal(appeal, step, extra);
    setBusy(false);
    onError(r.ok ? null : appealFailure(r.code));
    if (r.ok) {
      setReply('');
      setUpward('');
    }
  };
  // The person complained about is never a handler (000 来信来访 10).
  const handlers = staff.filter((m) => m.id !== appeal.data.namedStaff);
  const assign = isChief && appeal.status !== 'closed' ? (
    <label class="field">
      <span>{appeal.data.handler ? t('appeal.detail.reassign') : t('appeal.fields.handler')}</span>
      <select
        data-testid="assign-select"
        value={str(appeal.data.handler)}
        disabled={busy}
        onChange={async (e) => {
          const v = e.currentTarget.value;
          if (!v) return;
          if (next === 'assigned') await run('assigned', { handler: v });
          else {
            const r = await reassignAppeal(appeal, v);
            onError(r.ok ? null : appealFailure(r.code));
          }
        }}
      >
        <option value="">{t('appeal.fields.noHandler')}</option>
        {handlers.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
      </select>
    </label>
  ) : null;
  if (!next || next === 'assigned' || !(isChief || isHandler)) return assign;
  const followUpPending = next === 'followedUp' && followUp && (followUp.status === 'open' || followUp.status === 'reached');
  return (
    <div class="step-actions appeal-actions">
      {assign}
      {next === 'replied' ? (
        <label class="field">
          <span>{t('appeal.fields.reply')}</span>
          <textarea data-testid="reply-text" value={reply} onInput={(e) => setReply(e.currentTarget.value)} />
        </label>
      ) : null}
      {forwarded && !str(appeal.data.resultUpward) ? (
        <div class="field">
          <label for="a-upward"><span>{t('appeal.fields.resultUpward')}</span></label>
          <textarea id="a-upward" data-testid="result-upward" value={upward} onInput={(e) => setUpward(e.currentTarget.value)} />
          {next !== 'closed' ? (
            <button type="button" class="btn" disabled={busy || !upward.trim()} onClick={async () => {
              const r = await saveResultUpward(appeal, upward);
              onError(r.ok ? null : appealFailure(r.code));
              if (r.ok) setUpward('');
            }}>
              {t('appeal.detail.saveResultUpward')}
            </button>
          ) : null}
        </div>
      ) : null}
      {followUpPending ? null : (
        <button
          type="button"
          class="btn btn-primary btn-big"
          data-testid={`appeal-step-${next}`}
          disabled={busy}
          onClick={() => run(next, { replyText: next === 'replied' ? reply : undefined, resultUpward: upward || undefined })}
        >
          {t(`appeal.step.${next}`)}
        </button>
      )}
    </div>
  );
}

export function AppealDetail({ id }: { id: string }) {
  const appeal = useAppeal(id);
  const items = useAppealChildren(id);
  const [error, setError] = useState<string | null>(null);
  if (appeal === undefined) return null;
  if (appeal === null) return <main class="page"><p class="empty">{t('appeal.none')}</p></main>;
  const kind = str(appeal.data.kind);
  const redacted = isRedacted(appeal);
  return (
    <main class="page layout-phone appeal-detail" data-testid="appeal-detail" data-redacted={redacted ? 'true' : undefined}>
      <button type="button" class="btn btn-quiet" onClick={() => navigate({ name: 'appeals' })}>
        {t('appeal.detail.back')}
      </button>
      <h1 data-testid="appeal-detail-number">{str(appeal.data.number)}</h1>
      <p class="job-status-line">
        {kind ? <span class="appeal-kind" data-testid="appeal-kind">{t(`appeal.kind.${kind as 'complaint'}`)}</span> : null}
        <span data-testid="appeal-detail-status">{t(`appeal.status.${(appeal.status ?? 'registered') as 'registered'}`)}</span>
      </p>
      <ClockBadge row={appeal} />
      {redacted ? <p class="hint" data-testid="appeal-withheld">{t('appeal.withheld')}</p> : null}
      <Facts appeal={appeal} />
      {error ? <p class="error" role="alert">{error}</p> : null}
      {appeal.status === 'closed' ? <p class="ok" data-testid="appeal-closed">{t('appeal.detail.done')}</p> : <Actions appeal={appeal} onError={setError} />}
      <FollowUp appeal={appeal} />
      <Steps items={items} />
    </main>
  );
}
