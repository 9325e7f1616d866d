/** Desk screens on a screen larger than 1920×1080 at device scale 1 are drawn bigger, in steps of ¼, at most 2×. */
import { describe, expect, it } from 'vitest';
import { deskZoom } from '../../client/src/composables/useDeskZoom.js';

describe('the desk zoom', () => {
  it('is 1 up to full HD, 2 on a 4K screen, and the smaller side decides', () => {
    expect(deskZoom(1366, 768)).toBe(1);
    expect(deskZoom(1920, 1080)).toBe(1);
    expect(deskZoom(2560, 1440)).toBe(1.25);
    expect(deskZoom(3840, 2160)).toBe(2);
    expect(deskZoom(7680, 4320)).toBe(2);
    // a 4K-wide but short window stays as its height allows
    expect(deskZoom(3840, 1100)).toBe(1);
  });
});
