/**
 * The kinds of file an applicant may send. A file is accepted only when its
 * bytes say it is one of these AND its name ends with one of that kind's
 * extensions: a PNG called letter.pdf is refused, so what the caseworker
 * opens is what the name promised.
 */
export const FILE_KINDS = {
  pdf: { extensions: ['.pdf'], mime: 'application/pdf' },
  jpg: { extensions: ['.jpg', '.jpeg'], mime: 'image/jpeg' },
  png: { extensions: ['.png'], mime: 'image/png' },
  doc: { extensions: ['.doc'], mime: 'application/msword' },
  docx: { extensions: ['.docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  odt: { extensions: ['.odt'], mime: 'application/vnd.oasis.opendocument.text' },
  txt: { extensions: ['.txt'], mime: 'text/plain' },
} as const satisfies Record<string, { extensions: readonly string[]; mime: string }>;

export type FileKind = keyof typeof FILE_KINDS;

export const ALLOWED_EXTENSIONS: readonly string[] = Object.values(FILE_KINDS).flatMap((k) => k.extensions);

/** The kind a file name claims, from its last extension (case-insensitive). */
export function kindFromName(name: string): FileKind | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const extension = name.slice(dot).toLowerCase();
  for (const [kind, spec] of Object.entries(FILE_KINDS) as Array<[FileKind, (typeof FILE_KINDS)[FileKind]]>) {
    if ((spec.extensions as readonly string[]).includes(extension)) return kind;
  }
  return undefined;
}

/** The `accept` attribute for the file inputs: a hint to the browser's picker, never a check. */
export const ACCEPT_ATTRIBUTE = [...ALLOWED_EXTENSIONS, ...new Set(Object.values(FILE_KINDS).map((k) => k.mime))].join(',');
