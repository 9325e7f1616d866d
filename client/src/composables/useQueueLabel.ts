/** Human names of queue ids ("hotline" → «Горячая линия»); unknown ids are shown as they are. */
import { useI18n } from 'vue-i18n';

/** the server's name for calls without a queue (server/domain/call-fold.ts NO_QUEUE) */
export const NO_QUEUE = '~';

export function useQueueLabel(): (queue: string) => string {
  const { t, te } = useI18n();
  return (queue: string) => {
    if (queue === NO_QUEUE) return t('queueNames.noQueue');
    const key = `queueNames.${queue}`;
    return /^[A-Za-z0-9_]+$/.test(queue) && te(key) ? t(key) : queue;
  };
}
