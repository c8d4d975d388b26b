import { open, type FileHandle } from 'node:fs/promises';

/**
 * Just enough of Microsoft's Compound File Binary format (the OLE2 container
 * of .doc files, and of password-protected .docx files) to tell:
 * - a Word 97–2003 document (a root-level "WordDocument" stream), and whether
 *   its File Information Block has the fEncrypted bit set;
 * - an encrypted Office Open XML document ("EncryptionInfo" and
 *   "EncryptedPackage" streams instead of a zip).
 *
 * It reads only the header, the directory and a few bytes of one stream, at
 * their offsets, so memory stays flat. Every chain is bounded by the file's
 * size, so a crafted file cannot make it loop. (The `cfb` package parses the
 * whole file into memory and has had no release since 2022.)
 */

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const FREE_SECTOR = 0xffffffff;
const NO_STREAM = 0xffffffff;
const DIRECTORY_ENTRY_BYTES = 128;
const WORD_IDENT = 0xa5ec;
const F_ENCRYPTED = 0x0100;

export class CompoundFileError extends Error {
  constructor(message: string) {
    super(`Not a readable compound file: ${message}`);
    this.name = 'CompoundFileError';
  }
}

export interface CompoundFileSummary {
  /** Names of the streams and storages at the root of the file. */
  readonly rootEntries: ReadonlySet<string>;
  /** For a Word 97–2003 document: whether it is password protected. */
  readonly wordDocument?: { readonly encrypted: boolean };
  /** An Office Open XML document (docx, xlsx...) wrapped in password encryption. */
  readonly encryptedPackage: boolean;
}

interface DirectoryEntry {
  readonly name: string;
  readonly type: number;
  readonly left: number;
  readonly right: number;
  readonly child: number;
  readonly start: number;
  readonly size: number;
}

export async function readCompoundFile(path: string): Promise<CompoundFileSummary> {
  const file = await open(path, 'r');
  try {
    return await summarise(file);
  } finally {
    await file.close();
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead < length) throw new CompoundFileError(`cut short at byte ${position + bytesRead}`);
  return buffer;
}

async function summarise(file: FileHandle): Promise<CompoundFileSummary> {
  const { size: fileSize } = await file.stat();
  const header = await readAt(file, 0, 512);
  if (!header.subarray(0, 8).equals(SIGNATURE)) throw new CompoundFileError('no signature');
  const sectorShift = header.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) throw new CompoundFileError(`sector shift ${sectorShift}`);
  const sectorSize = 1 << sectorShift;
  const entriesPerSector = sectorSize / 4;
  const maxSectors = Math.ceil(fileSize / sectorSize) + 1;
  const miniStreamCutoff = header.readUInt32LE(0x38);
  const sectorOffset = (sector: number): number => (sector + 1) * sectorSize;

  // Where the FAT's own sectors are: 109 in the header, the rest in a DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i += 1) {
    const sector = header.readUInt32LE(0x4c + i * 4);
    if (sector !== FREE_SECTOR) fatSectors.push(sector);
  }
  let difatSector = header.readUInt32LE(0x44);
  for (let hops = 0; difatSector !== END_OF_CHAIN && difatSector !== FREE_SECTOR; hops += 1) {
    if (hops > maxSectors) throw new CompoundFileError('DIFAT chain loops');
    const block = await readAt(file, sectorOffset(difatSector), sectorSize);
    for (let i = 0; i < entriesPerSector - 1; i += 1) {
      const sector = block.readUInt32LE(i * 4);
      if (sector !== FREE_SECTOR) fatSectors.push(sector);
    }
    difatSector = block.readUInt32LE(sectorSize - 4);
  }

  const fatCache = new Map<number, Buffer>();
  async function nextSector(sector: number): Promise<number> {
    const index = Math.floor(sector / entriesPerSector);
    const fatSector = fatSectors[index];
    if (fatSector === undefined) throw new CompoundFileError(`sector ${sector} is outside the FAT`);
    let block = fatCache.get(fatSector);
    if (!block) {
      block = await readAt(file, sectorOffset(fatSector), sectorSize);
      fatCache.set(fatSector, block);
    }
    return block.readUInt32LE((sector % entriesPerSector) * 4);
  }

  // The directory: 128-byte entries in a chain of sectors starting at the header's pointer.
  const entries: DirectoryEntry[] = [];
  let directorySector = header.readUInt32LE(0x30);
  for (let hops = 0; directorySector !== END_OF_CHAIN; hops += 1) {
    if (hops > maxSectors || directorySector === FREE_SECTOR) throw new CompoundFileError('bad directory chain');
    const block = await readAt(file, sectorOffset(directorySector), sectorSize);
    for (let offset = 0; offset < sectorSize; offset += DIRECTORY_ENTRY_BYTES) {
      const raw = block.subarray(offset, offset + DIRECTORY_ENTRY_BYTES);
      const nameBytes = Math.min(raw.readUInt16LE(0x40), 64);
      entries.push({
        name: raw.toString('utf16le', 0, Math.max(0, nameBytes - 2)),
        type: raw[0x42] ?? 0,
        left: raw.readUInt32LE(0x44),
        right: raw.readUInt32LE(0x48),
        child: raw.readUInt32LE(0x4c),
        start: raw.readUInt32LE(0x74),
        size: raw.readUInt32LE(0x78),
      });
    }
    directorySector = await nextSector(directorySector);
  }
  const root = entries[0];
  if (root?.type !== 5) throw new CompoundFileError('no root entry');
  const rootStart = root.start;

  // The root's children form a tree through their left/right sibling links.
  const rootChildren = new Map<string, DirectoryEntry>();
  const pending = [root.child];
  const visited = new Set<number>();
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (id === NO_STREAM || visited.has(id)) continue;
    visited.add(id);
    const entry = entries[id];
    if (!entry) throw new CompoundFileError(`directory entry ${id} is missing`);
    if (entry.type === 1 || entry.type === 2) rootChildren.set(entry.name, entry);
    pending.push(entry.left, entry.right);
  }

  /** The first `length` bytes of a stream, from the regular sectors or the mini stream. */
  async function streamHead(entry: DirectoryEntry, length: number): Promise<Buffer> {
    if (entry.size < length) throw new CompoundFileError(`stream '${entry.name}' is too short`);
    if (entry.size >= miniStreamCutoff) return readAt(file, sectorOffset(entry.start), length);
    // Small streams live in 64-byte mini sectors inside the root entry's own chain.
    const miniOffset = entry.start * 64;
    let sector = rootStart;
    for (let hops = 0; hops < Math.floor(miniOffset / sectorSize); hops += 1) {
      sector = await nextSector(sector);
      if (sector === END_OF_CHAIN || hops > maxSectors) throw new CompoundFileError('mini stream is cut short');
    }
    return readAt(file, sectorOffset(sector) + (miniOffset % sectorSize), length);
  }

  const word = rootChildren.get('WordDocument');
  let wordDocument: { encrypted: boolean } | undefined;
  if (word?.type === 2) {
    // The File Information Block starts the stream: wIdent, then a flags word at 0x0A.
    const fib = await streamHead(word, 12);
    if (fib.readUInt16LE(0) !== WORD_IDENT) throw new CompoundFileError('WordDocument has no Word header');
    wordDocument = { encrypted: (fib.readUInt16LE(0x0a) & F_ENCRYPTED) !== 0 };
  }
  return {
    rootEntries: new Set(rootChildren.keys()),
    wordDocument,
    encryptedPackage: rootChildren.has('EncryptionInfo') && rootChildren.has('EncryptedPackage'),
  };
}
