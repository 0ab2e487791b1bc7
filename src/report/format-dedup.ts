import { Chalk } from 'chalk';
import type { DedupEntry, DedupPlan } from '../dedup.js';
import { sanitizeForTerminal } from './sanitize.js';
import { shortenMiddle } from './format-text.js';

export interface DedupFormatOptions {
  /** Colour level: 0 none, 1 basic, 2 256 colours, 3 truecolor. */
  color: 0 | 1 | 2 | 3;
  /** Terminal width in columns. */
  width: number;
  /** The output folder as the user named it. */
  out: string | null;
  /** Say what would be done rather than what was done. */
  dryRun: boolean;
}

/** What `dedup` can print: the plan as text, the same data as JSON, or the manifest lines. */
export const DEDUP_FORMATS = {
  text: formatDedupText,
  json: (plan: DedupPlan) => JSON.stringify({ schema: plan.schema, tool: plan.tool, settings: plan.settings, summary: plan.summary, entries: plan.entries }, null, 2) + '\n',
  jsonl: (plan: DedupPlan) => formatManifest(plan),
} satisfies Record<string, (plan: DedupPlan, options: Partial<DedupFormatOptions>) => string>;

export type DedupFormatName = keyof typeof DEDUP_FORMATS;
export const DEDUP_FORMAT_NAMES = Object.keys(DEDUP_FORMATS) as DedupFormatName[];

export function formatDedup(plan: DedupPlan, format: DedupFormatName, options: Partial<DedupFormatOptions> = {}): string {
  return DEDUP_FORMATS[format](plan, options);
}

/**
 * `manifest.jsonl`: one line per input, in id order, then the inputs that could not be read:
 *   {"id":"a.txt","path":"a.txt","action":"edited","output":"a.txt","chars":3481,"keptChars":1779,"cuts":[…]}
 *   {"id":"b.txt","path":"b.txt","action":"dropped","output":null,"chars":812,"duplicateOf":"c.txt",…}
 */
export function formatManifest(plan: DedupPlan): string {
  return plan.entries.map((e) => JSON.stringify(e)).join('\n') + (plan.entries.length > 0 ? '\n' : '');
}

/**
 * dedup: 5 articles → 5 kept (3 edited), 0 dropped · 2409 characters cut
 *   edited   004_e9f58710e6d47200.txt  −1702 chars
 *            cut [1779–3481] repeat of [78–1778] (c14): “PARIS, Feb. 15 (Xinhua) -- … United States.”
 */
export function formatDedupText(plan: DedupPlan, options: Partial<DedupFormatOptions> = {}): string {
  const c = new Chalk({ level: options.color ?? 0 });
  const width = Math.max(40, options.width ?? 100);
  const s = plan.summary;
  const lines: string[] = [];
  const verb = options.dryRun ? 'would keep' : 'kept';
  lines.push(
    c.bold(`newsdedup dedup${options.dryRun ? ' (dry run)' : ''}: ${s.articles} article${s.articles === 1 ? '' : 's'} → `) +
      `${verb} ${s.kept} (${s.edited} edited), ${options.dryRun ? 'would drop' : 'dropped'} ${s.dropped} · ${s.cutChars} characters cut` +
      (s.skipped > 0 ? c.yellow(` · ${s.skipped} input${s.skipped === 1 ? '' : 's'} skipped`) : ''),
  );
  const nameWidth = Math.min(40, Math.max(0, ...plan.entries.map((e) => name(e).length)));
  for (const e of plan.entries) {
    const head = `  ${label(e, c)}${' '.repeat(7 - e.action.length)}  ${sanitizeForTerminal(name(e)).padEnd(nameWidth)}`;
    if (e.action === 'kept') lines.push(head);
    else if (e.action === 'skipped') lines.push(`${head}  ${c.yellow(sanitizeForTerminal(e.message))}`);
    else if (e.action === 'dropped') {
      const share = e.containment === null ? '' : `, ${Math.round(e.containment * 100)}% of it stands there`;
      lines.push(`${head}  near-duplicate of ${sanitizeForTerminal(e.duplicateOf)}${share}`);
    } else {
      lines.push(`${head}  −${e.chars - e.keptChars} chars`);
      const pad = ' '.repeat(11);
      for (const cut of e.cuts) {
        const what = cut.reason === 'repeat' && cut.of ? `repeat of [${cut.of.start}–${cut.of.end}]` : cut.reason;
        const prefix = `${pad}cut [${cut.start}–${cut.end}] ${what} (${cut.cluster}): `;
        lines.push(c.dim(prefix) + `“${shortenMiddle(sanitizeForTerminal(cut.text).trim(), Math.max(20, width - prefix.length - 2))}”`);
      }
    }
  }
  if (options.out) {
    const files = plan.files.length;
    lines.push('', `${options.dryRun ? 'would write' : 'wrote'} ${files} file${files === 1 ? '' : 's'} and manifest.jsonl to ${sanitizeForTerminal(options.out)}`);
  }
  return lines.join('\n') + '\n';
}

function name(e: DedupEntry): string {
  return 'id' in e ? e.id : e.path;
}

function label(e: DedupEntry, c: InstanceType<typeof Chalk>): string {
  switch (e.action) {
    case 'kept': return c.green('kept');
    case 'edited': return c.cyan('edited');
    case 'dropped': return c.magenta('dropped');
    case 'skipped': return c.yellow('skipped');
  }
}
