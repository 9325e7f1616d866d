/**
 * The KPIs' names in both languages, in one place: the screens' messages (client/src/i18n) and
 * the reports' exports (CSV, XLSX: server/domain/reports) both read them. `{n}` is the site's N1
 * ring count. No zod (the client imports it).
 */
import type { KpiId } from './kpi-rules.js';

export const KPI_NAMES: Readonly<Record<'ru' | 'en', Readonly<Record<KpiId, string>>>> = {
  ru: {
    answeredIn3Rings: 'Ответ не позднее {n}-го гудка',
    ringingPast3Now: 'Звонят дольше {n} гудков сейчас',
    ringsPast3Today: 'Звонки дольше {n} гудков за день',
    serviceLevel: 'Уровень обслуживания',
    abandonRate: 'Доля потерянных',
    connectAvg: 'До специалиста, в среднем',
    asa: 'Среднее время ответа',
    longestWait: 'Дольше всех ждёт',
    handleAvg: 'Время информирования, в среднем',
    callbacksPromised: 'Обещано обратных звонков',
    callbacksOpen: 'Обратные звонки в работе',
    callbacksDueToday: 'Обратные звонки на сегодня',
    callbacksOverdue: 'Обратные звонки просрочены',
    callbacksWaitingWindow: 'Ждут окна обратных звонков',
    callbackWindowOpen: 'Окно обратных звонков открыто',
    redirected: 'Переадресовано',
    refusedIdentification: 'Отказ в идентификации',
    terminatedAbuse: 'Прервано из-за оскорблений',
    appealsOpen: 'Обращения в работе',
    appealsDueToday: 'Обращения со сроком сегодня',
    appealsOverdue: 'Обращения просрочены',
    appealsAnsweredLate: 'Ответы на обращения с опозданием',
    appealsRejected: 'Обращения отклонены',
    appealsByChannel: 'Обращения по каналам',
    unitOpen: 'Подразделение работает',
    hotlineOpen: 'Горячая линия работает',
    hotlineCallsWhileClosed: 'Звонки на закрытую горячую линию',
    directCallsWhileClosed: 'Звонки на прямые линии в нерабочее время',
  },
  en: {
    answeredIn3Rings: 'Answered within {n} rings',
    ringingPast3Now: 'Ringing past {n} rings now',
    ringsPast3Today: 'Rings past {n} today',
    serviceLevel: 'Service level',
    abandonRate: 'Abandon rate',
    connectAvg: 'To a specialist, average',
    asa: 'Average speed of answer',
    longestWait: 'Longest wait',
    handleAvg: 'Information time, average',
    callbacksPromised: 'Callbacks promised',
    callbacksOpen: 'Callbacks open',
    callbacksDueToday: 'Callbacks due today',
    callbacksOverdue: 'Callbacks overdue',
    callbacksWaitingWindow: 'Waiting for the callback window',
    callbackWindowOpen: 'Callback window open',
    redirected: 'Redirected',
    refusedIdentification: 'Refused identification',
    terminatedAbuse: 'Ended for abuse',
    appealsOpen: 'Appeals open',
    appealsDueToday: 'Appeals due today',
    appealsOverdue: 'Appeals overdue',
    appealsAnsweredLate: 'Appeals answered late',
    appealsRejected: 'Appeals rejected',
    appealsByChannel: 'Appeals by channel',
    unitOpen: 'Unit open',
    hotlineOpen: 'Hotline open',
    hotlineCallsWhileClosed: 'Calls to the closed hotline',
    directCallsWhileClosed: 'Direct-line calls out of hours',
  },
};

/** a KPI's name with the site's ring count in it, as the screens' messages fill `{n}` */
export function kpiName(id: KpiId, lang: 'ru' | 'en', ringsToAnswer: number): string {
  return KPI_NAMES[lang][id].replace('{n}', String(ringsToAnswer));
}
