/**
 * What a file is, from its first bytes: the name and the MIME type a platform
 * reports can lie (a zip renamed .pdf), the bytes cannot.
 */
export type FileFormat = 'pdf' | 'jpeg' | 'png' | 'webp' | 'heic' | 'tiff' | 'gif' | 'zip' | 'unknown';

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

export function sniffFormat(bytes: Uint8Array): FileFormat {
  if (bytes.length < 12) return 'unknown';
  // PDF readers accept the header anywhere in the first kilobyte.
  if (ascii(bytes, 0, Math.min(bytes.length, 1024)).includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 1, 4) === 'PNG' && bytes[0] === 0x89) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && /^(heic|heix|hevc|hevx|mif1|msf1|heim|heis)$/.test(ascii(bytes, 8, 12)))
    return 'heic';
  if (ascii(bytes, 0, 4) === 'II*\u0000' || ascii(bytes, 0, 4) === 'MM\u0000*') return 'tiff';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 0, 4) === 'PK\u0003\u0004') return 'zip';
  return 'unknown';
}

/** The formats we read; every other one gets a kind answer that lists these. */
export const READABLE: ReadonlySet<FileFormat> = new Set(['pdf', 'jpeg', 'png', 'webp', 'heic', 'tiff']);
