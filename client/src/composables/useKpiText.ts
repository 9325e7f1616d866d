/** Words and numbers of a KPI for the screen: its name, its value and its target in the KPI's unit. */
import { useI18n } from 'vue-i18n';
import type { Kpi } from '@shared/kpi.js';
import { kpiFigure } from '../domain/kpi-display.js';
import { formatCount, formatShare } from '../format/number.js';
import { formatDuration } from '../format/duration.js';

export function useKpiText() {
  const { t, te } = useI18n();

  function value(unit: Kpi['unit'], v: number | null): string {
    const f = kpiFigure(unit, v);
    switch (f.kind) {
      case 'none':
        return '—';
      case 'share':
        return formatShare(f.value);
      case 'seconds':
        return f.value < 120 ? t('units.seconds', { n: formatCount(Math.round(f.value)) }) : formatDuration(f.value * 1000, t('units.day'));
      case 'flag':
        return f.value ? t('kpi.yes') : t('kpi.no');
      case 'count':
        return formatCount(f.value);
    }
  }

  return {
    /** `ringsToAnswer`: the site's N1 norm, which the N1 names quote */
    name: (k: Pick<Kpi, 'id'>, ringsToAnswer: number) => (te(`kpi.names.${k.id}`) ? t(`kpi.names.${k.id}`, { n: ringsToAnswer }) : k.id),
    value: (k: Pick<Kpi, 'unit' | 'value'>) => value(k.unit, k.value),
    target: (k: Pick<Kpi, 'unit' | 'target' | 'targetMax'>) => {
      if (k.target === null) return t('kpi.info');
      if (k.targetMax !== undefined) return t('kpi.targetBand', { min: value(k.unit, k.target), max: value(k.unit, k.targetMax) });
      return t('kpi.target', { value: value(k.unit, k.target) });
    },
  };
}
