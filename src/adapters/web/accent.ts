/**
 * The organisation's accent colour, made safe to read. The page draws white
 * text on the accent (buttons, the user's messages) and accent text on the
 * white page, so the accent needs WCAG 2.x AA contrast (4.5:1) against white.
 * A colour below that is darkened until it passes, and the caller says so.
 */
export const PAGE_BACKGROUND = '#ffffff';
export const MIN_CONTRAST = 4.5;

type Rgb = [number, number, number];

export function parseHex(value: string): Rgb | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance, WCAG 2.x definition (sRGB). */
function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function darken(rgb: Rgb, amount: number): Rgb {
  return rgb.map((c) => c * (1 - amount)) as Rgb;
}

export interface Accent {
  /** The colour used (the configured one, or a darker one that passes). */
  color: string;
  /** A darker shade for hover and accent text. */
  dark: string;
  /** The configured colour's contrast against the page. */
  ratio: number;
  /** Set when the configured colour failed and `color` is the adjusted one. */
  adjustedFrom?: string;
}

/** The accent as configured when it passes AA against the page, else the nearest darker shade that does. */
export function accessibleAccent(configured: Rgb): Accent {
  const page = parseHex(PAGE_BACKGROUND)!;
  const ratio = contrastRatio(configured, page);
  let color = configured;
  for (let step = 1; contrastRatio(color, page) < MIN_CONTRAST && step <= 100; step++)
    color = darken(configured, step / 100);
  const rounded = parseHex(toHex(color))!;
  return {
    color: toHex(rounded),
    dark: toHex(darken(rounded, 0.2)),
    ratio,
    ...(ratio < MIN_CONTRAST ? { adjustedFrom: toHex(configured) } : {}),
  };
}
