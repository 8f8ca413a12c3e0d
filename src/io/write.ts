import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../parameters.js';

/** A report or baseline that cannot be written (the CLI prints the message and exits 2). */
export class WriteError extends UsageError {}

/**
 * Writes a file atomically: a temporary file beside it, then a rename. The temporary name is
 * unpredictable and created exclusively (a planted file or link of that name is never written
 * through), and it is removed when anything fails.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new WriteError(`cannot write ${file}: ${reason(e, file)}`);
  }
}

/** Pieces are gathered to this many characters before each write. */
const CHUNK = 1 << 16;

/**
 * Writes a report given in pieces to a file atomically, as writeFileAtomic does, holding no more
 * than a chunk of it at a time.
 */
export function writeChunksAtomic(file: string, pieces: Iterable<string>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    let buffer = '';
    for (const p of pieces) {
      buffer += p;
      if (buffer.length >= CHUNK) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    if (buffer) writeSync(fd, buffer);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new WriteError(`cannot write ${file}: ${reason(e, file)}`);
  }
}

/** Writes a report given in pieces to a stream, a chunk at a time, waiting when the stream asks to. */
export async function writeChunks(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  let buffer = '';
  const flush = async () => {
    const text = buffer;
    buffer = '';
    if (stream.write(text) === false) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  };
  for (const p of pieces) {
    buffer += p;
    if (buffer.length >= CHUNK) await flush();
  }
  if (buffer) await flush();
}

function reason(e: unknown, file: string): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOENT':
    case 'ENOTDIR':
      return `directory ${path.dirname(file)} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (e as Error)?.message ?? String(e);
  }
}
