// Files the organizer uploads (booth plans, visitor registrations) are read in the browser first:
// a spreadsheet saved in a Windows code page would otherwise arrive with its accents replaced, and
// the organizer is better told at once to save it as UTF-8.

/** The file is not UTF-8 text. */
export class NotUtf8 extends Error {}

/** The file's text, read strictly as UTF-8 (a byte order mark is left for the server to skip). */
export async function readUtf8(file) {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NotUtf8();
  }
}
