/**
 * Progress of a scan, for whoever wants to draw it. The library only calls the listener; it never
 * prints. `read` counts files (read / found; only when a scan reads from disk); the other stages
 * count articles: `analyze` advances one article at a time, and each corpus-wide stage that
 * follows is announced once when it starts (`done` = `total` = the article count), so a bar shows
 * which stage the run is in while the article count stays complete.
 */
export type ProgressStage = 'read' | 'analyze' | 'candidates' | 'verify' | 'align' | 'cluster' | 'relate' | 'report';

export interface ProgressEvent {
  readonly stage: ProgressStage;
  readonly done: number;
  readonly total: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** What a scan may report back while it runs, besides its result. */
export interface ScanHooks {
  /** Called with the stage name and articles done / total; it must not throw. */
  readonly progress?: ProgressListener;
}
