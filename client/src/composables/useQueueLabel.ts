/**
 * Human names of queue ids: the site's own names from the sites file (`queueNames`, any
 * language, carried by the snapshot) first, then the built-in three ("hotline" → «Горячая
 * линия»); an id with neither is shown as it is.
 */
import { useI18n } from 'vue-i18n';
import { useDashboardStore } from '../stores/dashboard.js';

/** the server's name for calls without a queue (server/domain/call-fold.ts NO_QUEUE) */
export const NO_QUEUE = '~';

export function useQueueLabel(): (queue: string, site?: string) => string {
  const { t, te, locale } = useI18n();
  const dashboard = useDashboardStore();
  return (queue: string, site?: string) => {
    if (queue === NO_QUEUE) return t('queueNames.noQueue');
    const own = site !== undefined ? dashboard.sitesById[site]?.queueNames?.[queue] : undefined;
    if (own) return locale.value === 'en' ? own.en : own.ru;
    const key = `queueNames.${queue}`;
    return /^[A-Za-z0-9_]+$/.test(queue) && te(key) ? t(key) : queue;
  };
}
