import JSZip from 'jszip';

/**
 * The .docx packer stamps the clock into the file (the zip entries' times and
 * the document's created/modified dates). Stamped with the letter's own date
 * instead, the same answers on the same day give the same bytes on every
 * replica, so a letter made again at download matches the one offered.
 */
export async function stampDocx(bytes: Uint8Array, day: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const date = new Date(`${day}T00:00:00Z`);
  const stamped = new JSZip();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const content =
      entry.name === 'docProps/core.xml'
        ? (await entry.async('string')).replace(
            /(<dcterms:(?:created|modified)\b[^>]*>)[^<]*/g,
            `$1${date.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
          )
        : await entry.async('uint8array');
    stamped.file(entry.name, content, { date, createFolders: false });
  }
  return stamped.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
