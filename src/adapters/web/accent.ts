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
  const digits = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim())?.[1];
  if (!digits) return null;
  const hex = digits.length === 3 ? [...digits].map((c) => c + c).join('') : digits;
  const channel = (i: number) => Number.parseInt(hex.slice(i, i + 2), 16);
  return [channel(0), channel(2), channel(4)];
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
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Toward black by `amount` (0–1), rounded to whole channel values as a colour on the page is. */
function darken([r, g, b]: Rgb, amount: number): Rgb {
  const keep = (c: number) => Math.round(c * (1 - amount));
  return [keep(r), keep(g), keep(b)];
}

const WHITE: Rgb = [255, 255, 255];

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
  const page = parseHex(PAGE_BACKGROUND) ?? WHITE;
  const ratio = contrastRatio(configured, page);
  let color = configured;
  for (let step = 1; contrastRatio(color, page) < MIN_CONTRAST && step <= 100; step++)
    color = darken(configured, step / 100);
  return {
    color: toHex(color),
    dark: toHex(darken(color, 0.2)),
    ratio,
    ...(ratio < MIN_CONTRAST ? { adjustedFrom: toHex(configured) } : {}),
  };
}
