import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LocalReader } from '../model/project.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export type ReadOutcome = { ok: true; text: string } | { ok: false; message: string };

/** Reads a text file: size-limited, binary refused, UTF-16 with BOM decoded, invalid UTF-8 reported. */
export function readText(file: string, maxSize = DEFAULT_MAX_FILE_SIZE): ReadOutcome {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    return { ok: false, message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}` };
  }
  if (st.isDirectory()) return { ok: false, message: 'is a directory' };
  // A named pipe or a device would block or never end: only regular files are read.
  if (!st.isFile()) return { ok: false, message: 'not a regular file' };
  if (st.size > maxSize) return { ok: false, message: `file is ${st.size} bytes, over the limit of ${maxSize} bytes (--max-file-size)` };
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    return { ok: false, message: `cannot read: ${(e as Error).message}` };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: buf.subarray(2).toString('utf16le') };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { ok: true, text: Buffer.from(buf.subarray(2)).swap16().toString('utf16le') };
  if (buf.includes(0)) return { ok: false, message: 'binary file (contains NUL bytes)' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(buf) };
  } catch {
    return { ok: false, message: 'invalid UTF-8' };
  }
}

/** Only the first bytes, to recognise templates cheaply. */
export function readHead(file: string, bytes = 4096): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads files a template names (nested stacks, definitions), relative to the template, only inside
 * `root` (symlinks resolved): a template cannot make ldlint read outside the scanned project.
 */
export function localReader(cwd: string, root: string, maxSize = DEFAULT_MAX_FILE_SIZE): LocalReader {
  const realRoot = safeRealpath(root) ?? root;
  return (fromFile, relative) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(relative)) return undefined;
    const abs = path.resolve(cwd, path.dirname(fromFile), relative);
    const real = safeRealpath(abs);
    if (!real || (real !== realRoot && !real.startsWith(realRoot + path.sep))) return undefined;
    const r = readText(real, maxSize);
    return r.ok ? { path: path.relative(cwd, abs).split(path.sep).join('/') || abs, text: r.text } : undefined;
  };
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
