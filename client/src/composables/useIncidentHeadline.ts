/**
 * What an incident is called on every screen (issue 16): a surge as «Всплеск обращений: Горячая
 * линия ×3,4 за 10 мин» in the screen's language, any other incident by the title it was given.
 */
import { useI18n } from 'vue-i18n';
import type { IncidentRow } from '../domain/incidents.js';
import { formatRatio } from '../format/number.js';
import { useQueueLabel } from './useQueueLabel.js';

export function useIncidentHeadline(): (r: IncidentRow) => string {
  const { t } = useI18n();
  const label = useQueueLabel();
  return (r) => {
    const i = r.incident;
    if (i.kind === 'surge' && i.queue !== undefined && i.ratio !== undefined) return t('incident.surge', { queue: label(i.queue, r.site), ratio: formatRatio(i.ratio), min: i.windowMin ?? 10 });
    return i.title;
  };
}
