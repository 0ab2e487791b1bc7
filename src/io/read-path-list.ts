import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NewsdedupError } from '../errors.js';

export interface PathListSource {
  /** A file holding the list, or `-` for standard input. */
  from: string;
  /** Entries end with NUL (`find … -print0`) instead of a line break. */
  nul: boolean;
}

/**
 * Reads a list of paths, one per line (LF or CRLF) or NUL-separated, as `find … -print0`,
 * `git ls-files -z` or `fd -0` write it. Empty entries are skipped; paths are relative to `cwd`.
 * A list that cannot be read makes the whole run meaningless, so it throws.
 */
export async function readPathList(
  source: PathListSource,
  options: { cwd: string; readStdin?: () => Promise<Buffer> },
): Promise<string[]> {
  let bytes: Buffer;
  if (source.from === '-') {
    if (!options.readStdin) throw new NewsdedupError('UNREADABLE_ROOT', '--files-from -: standard input is not available');
    bytes = await options.readStdin();
  } else {
    try {
      bytes = await fs.readFile(path.resolve(options.cwd, source.from));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, expected a file listing paths' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new NewsdedupError('UNREADABLE_ROOT', `--files-from ${source.from}: ${reason}`);
    }
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const entries = source.nul ? text.split('\0') : text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (!source.nul && text.includes('\0')) {
    throw new NewsdedupError('UNREADABLE_ROOT', `--files-from ${source.from}: expected one path per line, got NUL characters (add -0 for NUL-separated lists)`);
  }
  return entries.filter((entry) => entry.trim() !== '');
}
