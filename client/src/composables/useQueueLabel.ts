/**
 * Human names of queue ids: the site's own names from the sites file (`queueNames`, any
 * language, carried by the snapshot) first, then the built-in three ("hotline" → «Горячая
 * линия»); an id with neither is shown as it is.
 *
 * Each name is looked up once per language and site names: the wall labels every row on every
 * update, and a vue-i18n lookup per row was a measurable part of it on a TV stick (npm run bench -- tv).
 */
import { useI18n } from 'vue-i18n';
import type { SiteState } from '@shared/snapshot.js';
import { siteKey } from '@shared/site-key.js';
import { useDashboardStore } from '../stores/dashboard.js';

/** the server's name for calls without a queue (server/domain/call-fold.ts NO_QUEUE) */
export const NO_QUEUE = '~';

type QueueNames = SiteState['queueNames'];

export function useQueueLabel(): (queue: string, site?: string) => string {
  const { t, te, locale } = useI18n();
  const dashboard = useDashboardStore();
  /** labels by `<site>/<queue>`, valid for one language and the site names they were made from */
  const labels = new Map<string, { lang: string; names: QueueNames; label: string }>();

  function lookUp(queue: string, names: QueueNames, lang: string): string {
    if (queue === NO_QUEUE) return t('queueNames.noQueue');
    const own = names?.[queue];
    if (own) return lang === 'en' ? own.en : own.ru;
    const key = `queueNames.${queue}`;
    return /^[A-Za-z0-9_]+$/.test(queue) && te(key) ? t(key) : queue;
  }

  return (queue: string, site?: string) => {
    const lang = locale.value;
    // the site's names keep their identity across patches that do not change them (shared/site-patch.ts)
    const names = site !== undefined ? dashboard.sitesById[site]?.queueNames : undefined;
    const key = siteKey(site ?? '', queue);
    const known = labels.get(key);
    if (known && known.lang === lang && known.names === names) return known.label;
    const label = lookUp(queue, names, lang);
    labels.set(key, { lang, names, label });
    return label;
  };
}
