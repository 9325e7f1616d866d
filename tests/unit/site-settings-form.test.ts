/** The admin's site form: settings → form → settings is the identity, and what it cannot read is named. */
import { describe, expect, it } from 'vitest';
import { SiteSettings } from '../../shared/site-settings.js';
import { formOf, settingsOf } from '../../client/src/domain/site-settings-form.js';

const roundTrip = (input: unknown) => {
  const s = SiteSettings.parse(input);
  const back = settingsOf(formOf(s));
  if ('errors' in back) throw new Error(back.errors.join('; '));
  return { s, back: SiteSettings.parse(back.settings) };
};

describe('site settings form', () => {
  it('gives back the settings it was filled from', () => {
    const cases = [
      { name: { ru: 'Холмск', en: 'Kholmsk' } },
      {
        name: { ru: 'Оха', en: 'Okha' },
        timeZone: 'Asia/Magadan',
        hours: { mon: ['08:00-12:00', '13:00-17:00'], fri: '08:00-16:00', workingWeekend: '09:00-14:00', calendar: 'weekly' },
        hotlineHours: '24/7',
        norms: { ringsToAnswer: 4, connectTargetSeconds: 45.5, callbackWindow: { hours: '10:00-18:00', days: 'working' } },
        thresholds: { serviceLevel: { target: 0.85, warnBelow: 0.8, alertBelow: null }, longestWait: { warnAbove: 90, alertAbove: 180 }, handleAvg: { targetMax: 540 } },
      },
      // issue 16: a storm profile, and an empty one (on, every limit the everyday one)
      { name: { ru: 'Корсаков', en: 'Korsakov' }, stormThresholds: { answeredIn3Rings: { warnBelow: 0.7, alertBelow: 0.5 }, longestWait: { warnAbove: 600 } } },
      { name: { ru: 'Ноглики', en: 'Nogliki' }, stormThresholds: {} },
    ];
    for (const c of cases) {
      const { s, back } = roundTrip(c);
      expect(back).toEqual(s);
    }
  });

  it('drops the storm profile when it is switched off, and names its fields apart from the everyday ones', () => {
    const f = formOf(SiteSettings.parse({ name: { ru: 'а', en: 'a' }, stormThresholds: { longestWait: { warnAbove: 600 } } }));
    expect(f.stormOn).toBe(true);
    f.storm.longestWait.alertAbove = 'много';
    expect(settingsOf(f)).toEqual({ errors: ['stormThresholds.longestWait.alertAbove: expected a number, got "много"'] });
    f.stormOn = false;
    const back = settingsOf(f);
    expect('settings' in back && back.settings.stormThresholds).toBe(undefined);
  });

  it('shows shares in percent and reads them back as shares', () => {
    const f = formOf(SiteSettings.parse({ name: { ru: 'а', en: 'a' }, thresholds: { serviceLevel: { warnBelow: 0.8 } } }));
    expect(f.thresholds.serviceLevel.warnBelow).toBe('80');
    f.thresholds.serviceLevel.alertBelow = '72,5';
    const back = settingsOf(f);
    expect('settings' in back && back.settings.thresholds?.serviceLevel).toEqual({ warnBelow: 0.8, alertBelow: 0.725 });
  });

  it('a hotline without hours of its own keeps the working hours', () => {
    const f = formOf(SiteSettings.parse({ name: { ru: 'а', en: 'a' } }));
    expect(f.hotline.mode).toBe('same');
    const back = settingsOf(f);
    expect('settings' in back && 'hotlineHours' in back.settings).toBe(false);
  });

  it('names every field it cannot read', () => {
    const f = formOf(SiteSettings.parse({ name: { ru: 'а', en: 'a' } }));
    f.norms.ringSeconds = 'пять';
    f.thresholds.asa.warnAbove = '30 с';
    expect(settingsOf(f)).toEqual({ errors: ['norms.ringSeconds: expected a number, got "пять"', 'thresholds.asa.warnAbove: expected a number, got "30 с"'] });
  });
});
