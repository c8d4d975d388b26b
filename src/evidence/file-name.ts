/**
 * A person's file name is shown back to them, listed for a caseworker and
 * offered as the name of a download, so it is cleaned once on the way in:
 * no folders (a name like ../../etc/passwd or C:\Users\x\letter.pdf keeps only
 * its last part), no control or bidirectional-override characters (which can
 * disguise letter.exe as letter.pdf), Unicode in one normal form, and a
 * length limit that keeps the extension.
 */

export const MAX_FILE_NAME_LENGTH = 120;
const FALLBACK_NAME = 'file';

// C0 and C1 controls and DEL (Unicode's Cc), and the bidi / zero-width formatting characters.
const UNSAFE_CHARACTERS = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/gu;
// Characters Windows refuses in names: a downloaded file must save anywhere.
const RESERVED_CHARACTERS = /[<>:"/\\|?*]/g;

export function sanitiseFileName(raw: string, maxLength: number = MAX_FILE_NAME_LENGTH): string {
  const lastPart = raw.split(/[/\\]/).pop() ?? '';
  let name = lastPart
    .normalize('NFC')
    // Tabs and line breaks become spaces; other invisible characters go.
    .replace(/\s+/gu, ' ')
    .replace(UNSAFE_CHARACTERS, '')
    .replace(RESERVED_CHARACTERS, '_')
    .trim()
    // Leading dots would make a hidden file (or '..'); trailing dots and spaces Windows drops.
    .replace(/^[.\s]+/u, '')
    .replace(/[.\s]+$/u, '');
  if (name === '') return FALLBACK_NAME;
  const chars = [...name];
  if (chars.length > maxLength) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 ? [...name.slice(dot)] : [];
    // An "extension" longer than a few characters is just part of the name.
    const keep = extension.length > 0 && extension.length <= 10 ? extension : [];
    name =
      chars
        .slice(0, maxLength - keep.length)
        .join('')
        .trimEnd() + keep.join('');
  }
  return name;
}

/** "2.4 MB", "312 KB": how GOV.UK writes file sizes. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}
