import cliProgress from 'cli-progress';
import type { ProgressEvent, ProgressListener, ProgressStage } from '../index.js';
import type { CliContext } from './context.js';

const STAGE_TEXT: Record<ProgressStage, string> = {
  read: 'reading files',
  analyze: 'analyzing articles',
  candidates: 'finding candidates',
  verify: 'verifying candidates',
  align: 'aligning passages',
  cluster: 'clustering',
  relate: 'relating articles',
  report: 'building the report',
};

/** Runs shorter than this show no bar at all: a flash of progress on a fast run is noise. */
export const PROGRESS_DELAY_MS = 1000;

export interface ProgressBar {
  /** Undefined when no bar will be drawn, so the scan skips the calls. */
  readonly listener: ProgressListener | undefined;
  /** Clears the bar from the terminal; safe to call when none was drawn. */
  stop(): void;
}

/**
 * A progress bar on standard error (stage, articles done / total, rate, ETA), only where a person
 * watches it: stderr is a terminal, not `--quiet`, not CI (`CI` set, as GitHub Actions, GitLab and
 * most others do), not a dumb terminal. Standard output stays the report's alone.
 */
export function progressBar(ctx: CliContext, quiet: boolean, now: () => number = Date.now): ProgressBar {
  const ci = ctx.env.CI !== undefined && ctx.env.CI !== '' && ctx.env.CI !== 'false' && ctx.env.CI !== '0';
  if (quiet || ci || !ctx.stderr.isTTY || ctx.env.TERM === 'dumb') return { listener: undefined, stop() {} };
  const started = now();
  let stageStarted = started;
  let counting: ProgressStage | null = null;
  let bar: cliProgress.SingleBar | null = null;
  const listener = (event: ProgressEvent): void => {
    const t = now();
    // Reading files and analyzing articles each count up from 0 with a rate and ETA of their own:
    // the bar starts afresh between them.
    if ((event.stage === 'read' || event.stage === 'analyze') && event.stage !== counting) {
      counting = event.stage;
      stageStarted = t;
      rate = '–';
      eta = '–';
      bar?.stop();
      bar = null;
    }
    if (bar === null) {
      if (t - started < PROGRESS_DELAY_MS) return;
      bar = new cliProgress.SingleBar({
        stream: ctx.stderr as NodeJS.WriteStream,
        format: ' {stage} |{bar}| {value}/{total} {unit} · {rate}/s · ETA {remaining}',
        barsize: 24,
        hideCursor: false,
        clearOnComplete: true,
        gracefulExit: false,
        etaBuffer: 200,
        fps: 10,
      }, cliProgress.Presets.shades_classic);
      bar.start(event.total, event.done, payload(event, t));
    }
    bar.setTotal(event.total);
    bar.update(event.done, payload(event, t));
  };
  // The rate is that of reading files or analyzing articles; corpus-wide stages keep showing the last one.
  // The ETA is the counting stage's own (what is left at its rate so far): no estimate before the
  // first article, rather than the bar library's placeholder.
  let rate = '–';
  let eta = '–';
  const payload = (event: ProgressEvent, t: number): { stage: string; rate: string; unit: string; remaining: string } => {
    const seconds = (t - stageStarted) / 1000;
    if ((event.stage === 'read' || event.stage === 'analyze') && seconds > 0) {
      const perSecond = event.done / seconds;
      rate = Math.round(perSecond).toLocaleString('en-US');
      eta = perSecond > 0 ? duration((event.total - event.done) / perSecond) : '–';
    } else if (event.stage !== 'read' && event.stage !== 'analyze') eta = '0s';
    return { stage: STAGE_TEXT[event.stage].padEnd(20), rate, unit: event.stage === 'read' ? 'files' : 'articles', remaining: eta };
  };
  return {
    listener,
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** 7s, 1m05s, 1h02m. */
function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
