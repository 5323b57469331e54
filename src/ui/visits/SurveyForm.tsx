import { t } from '../../i18n';
import { NOTICE_CHANNELS, RATINGS, SURVEY_QUESTIONS, type SurveyAnswers } from '../../domain/survey';

/** The ten questions of seed 001, big targets for a phone; every question may be skipped. */
export function SurveyForm({ answers, onChange }: { answers: SurveyAnswers; onChange: (a: SurveyAnswers) => void }) {
  const set = (n: number, v: string) => onChange({ ...answers, [n]: v });
  return (
    <div class="survey" data-testid="survey">
      <h2>{t('survey.title')}</h2>
      {SURVEY_QUESTIONS.map((q) => {
        const label = t(`survey.q.${q.key}`);
        if (q.kind === 'rating') {
          return (
            <fieldset key={q.n} data-testid={`survey-q${q.n}`}>
              <legend>{label}</legend>
              <div class="choices">
                {RATINGS.map((r) => (
                  <label key={r}>
                    <input type="radio" name={`q${q.n}`} value={r} checked={answers[q.n] === r} onChange={() => set(q.n, r)} />
                    <span>{t(`survey.rating.${r}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          );
        }
        if (q.kind === 'choice') {
          return (
            <div key={q.n} class="field" data-testid={`survey-q${q.n}`}>
              <label for={`sq${q.n}`}><span>{label}</span></label>
              <select id={`sq${q.n}`} value={answers[q.n] ?? ''} onChange={(e) => set(q.n, e.currentTarget.value)}>
                <option value="">{t('survey.notAnswered')}</option>
                {NOTICE_CHANNELS.map((c) => <option key={c} value={c}>{t(`survey.channel.${c}`)}</option>)}
              </select>
            </div>
          );
        }
        return (
          <div key={q.n} class="field" data-testid={`survey-q${q.n}`}>
            <label for={`sq${q.n}`}><span>{label}</span></label>
            <textarea id={`sq${q.n}`} value={answers[q.n] ?? ''} onInput={(e) => set(q.n, e.currentTarget.value)} />
          </div>
        );
      })}
    </div>
  );
}

/** Saved answers, read back in the question order. */
export function SurveyAnswersView({ answers }: { answers: { question: number; answer: string }[] }) {
  if (answers.length === 0) return null;
  const sorted = [...answers].sort((a, b) => a.question - b.question);
  return (
    <section data-testid="survey-answers">
      <h2>{t('survey.answers')}</h2>
      <dl class="facts">
        {sorted.map((a) => {
          const q = SURVEY_QUESTIONS.find((x) => x.n === a.question);
          if (!q) return null;
          const value = q.kind === 'rating'
            ? t(`survey.rating.${a.answer as 'satisfied'}`)
            : q.kind === 'choice' ? t(`survey.channel.${a.answer as 'sms'}`) : a.answer;
          return (
            <div key={a.question} class="fact">
              <dt>{t(`survey.q.${q.key}`)}</dt>
              <dd data-question={a.question}>{value}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
