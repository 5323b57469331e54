import { useState } from 'preact/hooks';
import { formatDateTime, reasonMessage, t } from '../../i18n';
import { isRedacted } from '../../domain/appeals';
import type { RecordRow } from '../../domain/records';
import type { SurveyAnswers } from '../../domain/survey';
import { ATTEMPT_OUTCOMES, isOpenVisit, type AttemptOutcome } from '../../domain/visits';
import { finishVisit, giveUpVisit, recordAttempt, useVisit, useVisitChildren, useVisitSource } from '../../state/visits';
import { navigate } from '../../state/store';
import { ClockBadge } from '../clocks';
import '../appeals/appeals.css';
import { SurveyAnswersView, SurveyForm } from './SurveyForm';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Who to call: the visit's own fields, or the appeal's when this user may see them. */
function Customer({ visit, source }: { visit: RecordRow; source: RecordRow | null }) {
  const fromAppeal = visit.data.sourceType === 'appeal';
  const name = str(visit.data.customerName) || (fromAppeal && source && !isRedacted(source) ? str(source.data.customerName) : '');
  const phone = str(visit.data.customerPhone) || (fromAppeal && source && !isRedacted(source) ? str(source.data.customerPhone) : '');
  return (
    <dl class="facts" data-testid="visit-customer">
      {fromAppeal && source ? (
        <div class="fact"><dt>{t('visit.fields.source')}</dt><dd>{t('visit.appealCase', { number: str(source.data.number) })}</dd></div>
      ) : (
        <div class="fact"><dt>{t('visit.fields.source')}</dt><dd>{t(`visit.source.${(str(visit.data.sourceType) || 'manual') as 'manual'}`)}</dd></div>
      )}
      {name ? <div class="fact"><dt>{t('visit.fields.customerName')}</dt><dd data-testid="visit-customer-name">{name}</dd></div> : null}
      {phone ? <div class="fact"><dt>{t('visit.fields.customerPhone')}</dt><dd><a href={`tel:${phone}`}>{phone}</a></dd></div> : null}
      {str(visit.data.method) ? <div class="fact"><dt>{t('visit.fields.method')}</dt><dd>{t(`visit.method.${str(visit.data.method) as 'phone'}`)}</dd></div> : null}
    </dl>
  );
}

export function VisitDetail({ id }: { id: string }) {
  const visit = useVisit(id);
  const items = useVisitChildren(id);
  const source = useVisitSource(visit);
  const [outcome, setOutcome] = useState<AttemptOutcome>('reached');
  const [note, setNote] = useState('');
  const [answers, setAnswers] = useState<SurveyAnswers>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (visit === undefined) return null;
  if (visit === null) return <main class="page"><p class="empty">{t('visit.none')}</p></main>;
  const attempts = items.filter((c) => c.type === 'contactAttempt').sort((a, b) => str(a.data.at).localeCompare(str(b.data.at)));
  const saved = items.filter((c) => c.type === 'surveyAnswer').map((c) => ({ question: Number(c.data.question), answer: str(c.data.answer) }));
  const open = isOpenVisit(visit);
  const fail = (code: string) => setError(code === 'visit.reason.required' ? t('visit.errors.reason') : t('visit.errors.save', { reason: reasonMessage(code) }));
  const act = async (fn: () => Promise<{ ok: boolean; code?: string }>, after?: () => void) => {
    setBusy(true);
    const r = await fn();
    setBusy(false);
    if (!r.ok) fail(r.code ?? 'unknown');
    else {
      setError(null);
      after?.();
    }
  };
  return (
    <main class="page layout-phone visit-detail" data-testid="visit-detail">
      <button type="button" class="btn btn-quiet" onClick={() => navigate({ name: 'visits' })}>{t('visit.back')}</button>
      <h1>{t(`visit.source.${(str(visit.data.sourceType) || 'manual') as 'manual'}`)}</h1>
      <p class="job-status-line"><span data-testid="visit-status">{t(`visit.status.${(visit.status ?? 'open') as 'open'}`)}</span></p>
      <ClockBadge row={visit} />
      <Customer visit={visit} source={source} />
      {visit.data.sourceType === 'appeal' && source ? (
        <button type="button" class="btn btn-quiet" data-testid="visit-open-appeal" onClick={() => navigate({ name: 'appeal', id: source.id })}>
          {t('visit.appealCase', { number: str(source.data.number) })}
        </button>
      ) : null}
      {visit.status === 'done' && str(visit.data.doneAt) ? <p class="ok">{t('visit.doneAt', { time: formatDateTime(new Date(str(visit.data.doneAt))) })}</p> : null}
      {visit.status === 'givenUp' ? <p class="hint">{t('visit.givenUpBecause', { reason: str(visit.data.giveUpReason) })}</p> : null}
      <section>
        <h2>{t('visit.attempts')}</h2>
        <ol class="timeline" data-testid="visit-attempts">
          {attempts.map((a) => (
            <li key={a.id} data-outcome={str(a.data.outcome)}>
              <strong>{t(`visit.outcome.${str(a.data.outcome) as 'reached'}`)}</strong>
              <span>{formatDateTime(new Date(str(a.data.at)))}</span>
              {str(a.data.note) ? <span>{str(a.data.note)}</span> : null}
            </li>
          ))}
        </ol>
        {open ? (
          <form class="form" data-testid="attempt-form" onSubmit={(e) => {
            e.preventDefault();
            void act(() => recordAttempt(visit, outcome, note), () => setNote(''));
          }}>
            <div class="field">
              <label for="v-outcome"><span>{t('visit.fields.outcome')}</span></label>
              <select id="v-outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as AttemptOutcome)}>
                {ATTEMPT_OUTCOMES.map((o) => <option key={o} value={o}>{t(`visit.outcome.${o}`)}</option>)}
              </select>
            </div>
            <div class="field">
              <label for="v-note"><span>{t('visit.fields.note')}</span></label>
              <input id="v-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            </div>
            <button type="submit" class="btn" data-testid="add-attempt" disabled={busy}>{t('visit.addAttempt')}</button>
          </form>
        ) : null}
      </section>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {visit.status === 'reached' ? (
        <form class="form card" data-testid="finish-form" onSubmit={(e) => {
          e.preventDefault();
          void act(() => finishVisit(visit, answers), () => setAnswers({}));
        }}>
          <SurveyForm answers={answers} onChange={setAnswers} />
          <button type="submit" class="btn btn-primary btn-big" data-testid="finish-visit" disabled={busy}>{t('visit.finish')}</button>
        </form>
      ) : null}
      {open ? (
        <form class="form" data-testid="give-up-form" onSubmit={(e) => {
          e.preventDefault();
          void act(() => giveUpVisit(visit, reason), () => setReason(''));
        }}>
          <div class="field">
            <label for="v-reason"><span>{t('visit.fields.giveUpReason')}</span></label>
            <textarea id="v-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          <button type="submit" class="btn" data-testid="give-up" disabled={busy}>{t('visit.giveUp')}</button>
        </form>
      ) : null}
      <SurveyAnswersView answers={saved} />
    </main>
  );
}
