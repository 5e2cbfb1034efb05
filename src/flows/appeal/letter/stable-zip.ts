/**
 * The .docx packer stamps the clock into the file: the document's created and
 * modified dates (replaced by `coreProperties`) and each zip entry's time.
 * Stamped with the letter's own day instead, the same answers on the same day
 * give the same bytes on every replica, so a letter made again at download
 * matches the one offered.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;

/** The day as an MS-DOS date (the zip format's), at midnight. */
function dosDate(day: string): number {
  const at = new Date(`${day}T00:00:00Z`);
  return ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
}

/** Where the central directory starts and how many entries it lists, read from its end record. */
function centralDirectory(zip: DataView): { offset: number; entries: number } {
  // The end record is 22 bytes plus a comment of at most 65,535.
  for (let at = zip.byteLength - 22; at >= Math.max(0, zip.byteLength - 22 - 0xffff); at -= 1) {
    if (zip.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY)
      return { entries: zip.getUint16(at + 10, true), offset: zip.getUint32(at + 16, true) };
  }
  throw new Error('not a zip file: no end of central directory');
}

/**
 * Sets every entry's modification time to midnight of `day`, in place in the
 * zip's local and central headers. The times are outside the compressed data
 * and its checksum, so nothing is packed twice (re-zipping the whole letter
 * took about a third of its time).
 */
export function stampZipDates(bytes: Uint8Array, day: string): Uint8Array {
  const zip = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const date = dosDate(day);
  let { offset: at, entries } = centralDirectory(zip);
  for (; entries > 0; entries -= 1) {
    if (zip.getUint32(at, true) !== CENTRAL_ENTRY) throw new Error('not a zip file: broken central directory');
    const local = zip.getUint32(at + 42, true);
    if (zip.getUint32(local, true) !== LOCAL_ENTRY) throw new Error('not a zip file: broken local header');
    zip.setUint16(at + 12, 0, true);
    zip.setUint16(at + 14, date, true);
    zip.setUint16(local + 10, 0, true);
    zip.setUint16(local + 12, date, true);
    at += 46 + zip.getUint16(at + 28, true) + zip.getUint16(at + 30, true) + zip.getUint16(at + 32, true);
  }
  return bytes;
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The document's core properties (`docProps/core.xml`) dated the letter's day instead of the clock's. */
export function coreProperties(title: string, day: string): { path: string; data: string } {
  const stamp = `${day}T00:00:00Z`;
  return {
    path: 'docProps/core.xml',
    data:
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
      'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${xmlText(title)}</dc:title><dc:creator>Overturn</dc:creator>` +
      '<cp:lastModifiedBy>Overturn</cp:lastModifiedBy><cp:revision>1</cp:revision>' +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
      `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
      '</cp:coreProperties>',
  };
}
