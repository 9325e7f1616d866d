/**
 * The operator report's words in both languages (issue 17): the view (through the client's
 * messages, `operatorReport.*`) and the exports (server/domain/reports/operator-table.ts) say the
 * same. No zod (the client imports it).
 */
export const OPERATOR_REPORT_WORDS = {
  ru: {
    title: 'Отчёт по операторам',
    sheet: 'Операторы',
    operator: 'Оператор',
    agentId: 'Код',
    offered: 'Предложено',
    answered: 'Принято',
    missed: 'Пропущено',
    ringsPast3: 'Дольше {rings} гудков',
    talks: 'Разговоров',
    talkAvg: 'Средний разговор, с',
    acw: 'Постобработок',
    acwAvg: 'Средняя постобработка, с',
    pauses: 'Пауз',
    pauseMin: 'В паузе, мин',
    pauseReason: 'Пауза «{reason}», мин',
    noReason: 'без причины',
    callbacks: 'Перезвонил потерянным',
    callbacksReached: 'из них дозвонился',
    total: 'Итого',
    byOthers: 'Перезвонов, отмеченных не операторами (руководители в консоли)',
    empty: 'За период нет данных ни по одному оператору.',
    note: 'Пропущено — звонки, на которые оператор не ответил; постобработка и паузы засчитываются в интервал, где они закончились.',
  },
  en: {
    title: 'Operators report',
    sheet: 'Operators',
    operator: 'Operator',
    agentId: 'Id',
    offered: 'Offered',
    answered: 'Answered',
    missed: 'Missed',
    ringsPast3: 'Past {rings} rings',
    talks: 'Talks',
    talkAvg: 'Average talk, s',
    acw: 'After-call work',
    acwAvg: 'Average after-call work, s',
    pauses: 'Pauses',
    pauseMin: 'Paused, min',
    pauseReason: 'Pause "{reason}", min',
    noReason: 'no reason',
    callbacks: 'Called back lost callers',
    callbacksReached: 'of them reached',
    total: 'Total',
    byOthers: 'Call-backs recorded by non-operators (managers in the console)',
    empty: 'No operator has figures in this period.',
    note: 'Missed: rings the operator did not answer; after-call work and pauses count in the interval where they ended.',
  },
};

export type OperatorReportLang = keyof typeof OPERATOR_REPORT_WORDS;

/** `{name}` placeholders filled (the client's i18n fills them itself) */
export const fillWords = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
