import type { MutationBody } from './mutations';

// The satisfaction survey of seed 001 (问卷, domain.md §3): eight four-level ratings, the
// preferred outage-notice channel as a choice, and free text. Answers are surveyAnswer
// child rows of the visit ({question, answer}); the chief's figures read summarizeSurvey.

export const RATINGS = ['satisfied', 'fairly', 'basically', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export const NOTICE_CHANNELS = ['sms', 'phoneCall', 'wechat', 'noticeBoard', 'broadcast', 'other'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export type QuestionKind = 'rating' | 'choice' | 'text';

/** The ten questions in the seed's order; `key` names the locale string under survey.q. */
export const SURVEY_QUESTIONS = [
  { n: 1, key: 'safety', kind: 'rating' },
  { n: 2, key: 'restoration', kind: 'rating' },
  { n: 3, key: 'hotline', kind: 'rating' },
  { n: 4, key: 'attitude', kind: 'rating' },
  { n: 5, key: 'disclosure', kind: 'rating' },
  { n: 6, key: 'newConnection', kind: 'rating' },
  { n: 7, key: 'payment', kind: 'rating' },
  { n: 8, key: 'energySaving', kind: 'rating' },
  { n: 9, key: 'noticeChannel', kind: 'choice' },
  { n: 10, key: 'improve', kind: 'text' },
] as const satisfies readonly { n: number; key: string; kind: QuestionKind }[];

export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];
export type SurveyAnswers = Partial<Record<number, string>>;

export function isValidAnswer(question: number, answer: string): boolean {
  const q = SURVEY_QUESTIONS.find((x) => x.n === question);
  if (!q) return false;
  if (q.kind === 'rating') return (RATINGS as readonly string[]).includes(answer);
  if (q.kind === 'choice') return (NOTICE_CHANNELS as readonly string[]).includes(answer);
  return answer.trim().length > 0 && answer.length <= 2000;
}

/** One child row per answered question; unanswered ones are left out (a customer may skip). */
export function surveyMutations(visitId: string, answers: SurveyAnswers, newId: () => string): MutationBody[] {
  const out: MutationBody[] = [];
  for (const q of SURVEY_QUESTIONS) {
    const a = answers[q.n];
    if (a === undefined || !isValidAnswer(q.n, a)) continue;
    out.push({ name: 'child.add', args: { type: 'surveyAnswer', id: newId(), parentType: 'visit', parentId: visitId, fields: { question: q.n, answer: q.kind === 'text' ? a.trim() : a } } });
  }
  return out;
}

export interface RatingSummary {
  question: number;
  counts: Record<Rating, number>;
  answered: number;
  /** (satisfied + fairly + basically) / answered, or null when nobody answered. */
  satisfiedRate: number | null;
  /** satisfied / answered ("满意率" in the strict sense), or null. */
  fullySatisfiedRate: number | null;
}

export interface SurveySummary {
  ratings: RatingSummary[];
  noticeChannels: Record<NoticeChannel, number>;
  suggestions: string[];
  /** Surveys (visits) that gave at least one answer, when answers carry their visit. */
  respondents: number;
  /** All rating answers together. */
  overall: { answered: number; satisfiedRate: number | null; fullySatisfiedRate: number | null };
}

export interface AnswerLike {
  question: unknown;
  answer: unknown;
  /** The visit the answer belongs to (a surveyAnswer's parentId), for counting respondents. */
  visitId?: string;
}

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Pure figures from survey answers: counts per level, satisfaction rates, channels, suggestions. */
export function summarizeSurvey(answers: readonly AnswerLike[]): SurveySummary {
  const ratings = new Map<number, Record<Rating, number>>();
  for (const q of SURVEY_QUESTIONS) if (q.kind === 'rating') ratings.set(q.n, zero(RATINGS));
  const noticeChannels = zero(NOTICE_CHANNELS);
  const suggestions: string[] = [];
  const visits = new Set<string>();
  for (const a of answers) {
    const q = typeof a.question === 'number' ? a.question : Number(a.question);
    const v = typeof a.answer === 'string' ? a.answer : '';
    if (!isValidAnswer(q, v)) continue;
    if (a.visitId) visits.add(a.visitId);
    const counts = ratings.get(q);
    if (counts) counts[v as Rating] += 1;
    else if (q === 9) noticeChannels[v as NoticeChannel] += 1;
    else if (q === 10) suggestions.push(v.trim());
  }
  const rate = (num: number, den: number) => (den === 0 ? null : num / den);
  const list: RatingSummary[] = [...ratings.entries()].map(([question, counts]) => {
    const answered = RATINGS.reduce((s, r) => s + counts[r], 0);
    return {
      question,
      counts,
      answered,
      satisfiedRate: rate(answered - counts.dissatisfied, answered),
      fullySatisfiedRate: rate(counts.satisfied, answered),
    };
  });
  const answered = list.reduce((s, r) => s + r.answered, 0);
  const dissatisfied = list.reduce((s, r) => s + r.counts.dissatisfied, 0);
  const satisfied = list.reduce((s, r) => s + r.counts.satisfied, 0);
  return {
    ratings: list,
    noticeChannels,
    suggestions,
    respondents: visits.size,
    overall: { answered, satisfiedRate: rate(answered - dissatisfied, answered), fullySatisfiedRate: rate(satisfied, answered) },
  };
}
