/**
 * How far apart two colours look with common colour vision deficiencies: Machado et al. (2009)
 * full-severity deuteranopia and protanopia on linear RGB, distance as CIE76 ΔE in Lab (D65).
 * ΔE ≈ 2 is just noticeable; under 20 statuses blur at a glance (issue 14: "khaki").
 */
type Rgb = [number, number, number];
const MATRICES = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
} as const;
export type Vision = keyof typeof MATRICES;

const toLinear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const clamp = (x: number) => Math.min(1, Math.max(0, x));

/** `rgb(255, 90, 128)` or `#ff5a80` */
export function parseColour(css: string): Rgb {
  const hex = /^#([0-9a-f]{6})$/i.exec(css.trim());
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16)) as Rgb;
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) throw new Error(`not a colour: ${css}`);
  return m[1]!.split(',').slice(0, 3).map((x) => Number(x.trim())) as Rgb;
}

function lab(linear: Rgb): Rgb {
  const [r, g, b] = linear.map(clamp) as Rgb;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

export function seenAs(c: Rgb, vision: Vision): Rgb {
  const l = c.map(toLinear);
  return MATRICES[vision].map((row) => row[0] * l[0]! + row[1] * l[1]! + row[2] * l[2]!) as Rgb;
}

export function distance(a: Rgb, b: Rgb, vision: Vision): number {
  const [p, q] = [lab(seenAs(a, vision)), lab(seenAs(b, vision))];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
