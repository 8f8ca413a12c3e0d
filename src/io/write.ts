import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
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
