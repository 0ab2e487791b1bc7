import { NewsdedupError } from '../errors.js';
import { DEFAULT_EXTENSIONS, DEFAULT_MAX_BYTES, readInputs, type ReadResult } from './read-inputs.js';
import { readPathList, type PathListSource } from './read-path-list.js';
import type { Article } from '../types.js';

/** Every way articles come in: paths, `-`, a list of paths (`--files-from`), JSONL on stdin. */
export interface CorpusInput {
  /** Files, folders, or `-` for standard input. */
  paths: readonly string[];
  /** Directory that article ids and listed paths are relative to. */
  cwd: string;
  extensions?: readonly string[];
  maxBytes?: number;
  readStdin?: () => Promise<Buffer>;
  /** More paths, read from a file or standard input. */
  filesFrom?: PathListSource;
  /** Standard input (`-`) holds JSONL: one article per line. */
  jsonlStdin?: boolean;
  /** Called with files read / files found while reading. */
  onRead?: (done: number, total: number) => void;
  /** Called with each article as soon as it is read (see ReadOptions): a scan starts analysing
   *  while the rest is read. Reading waits for a promise it returns. */
  onArticleRead?: (article: Article) => void | Promise<void>;
}

export interface Corpus extends ReadResult {
  /** The paths that were read: those given, then those listed. */
  specs: string[];
}

/**
 * Gathers the paths, reads them, and throws NO_INPUT when no article at all could be read
 * (every reason is in the message); otherwise per-article problems are returned as data.
 */
export async function readCorpus(input: CorpusInput): Promise<Corpus> {
  const stdinUsers = [
    ...(input.filesFrom?.from === '-' ? ['--files-from -'] : []),
    ...(input.paths.includes('-') ? ['the path -'] : []),
  ];
  if (stdinUsers.length > 1) {
    throw new NewsdedupError('INVALID_OPTION', `standard input can be read only once: expected either ${stdinUsers.join(' or ')}, got both`);
  }
  let stdin: Promise<Buffer> | undefined;
  const readStdin = input.readStdin ? () => (stdin ??= input.readStdin!()) : undefined;
  const listed = input.filesFrom ? await readPathList(input.filesFrom, { cwd: input.cwd, readStdin }) : [];
  let specs = [...input.paths, ...listed];
  if (specs.length === 0 && input.jsonlStdin && !input.filesFrom) specs = ['-'];
  if (specs.length === 0) {
    throw new NewsdedupError(
      'NO_INPUT',
      input.filesFrom
        ? `no paths: the list in ${input.filesFrom.from === '-' ? 'standard input' : input.filesFrom.from} is empty`
        : 'no paths: expected files, folders, - for standard input, or --files-from',
    );
  }
  const { articles, problems } = await readInputs(specs, {
    cwd: input.cwd,
    extensions: input.extensions ?? DEFAULT_EXTENSIONS,
    maxBytes: input.maxBytes ?? DEFAULT_MAX_BYTES,
    readStdin,
    jsonlStdin: input.jsonlStdin,
    onRead: input.onRead,
    onArticleRead: input.onArticleRead,
  });
  if (articles.length === 0) {
    const reasons = problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw new NewsdedupError('NO_INPUT', `no article could be read${reasons ? ` (${reasons})` : ''}`);
  }
  return { specs, articles, problems };
}
