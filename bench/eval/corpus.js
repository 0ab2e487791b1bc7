/**
 * Reads a labelled corpus in the common layout of ../shared/corpora (see its README):
 * docs/<doc_id>.txt, docs.csv, pairs.csv, optional spans.csv and identical_docs.csv.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Facts about known corpora that their files do not state. `unlisted`: what a pair missing from
 * pairs.csv means — "negative" where the corpus README says unlisted pairs are not duplicates
 * (BBC), otherwise "unknown" (such pairs are left out of the scores).
 */
const KNOWN = {
  bbc_fulltext: { unlisted: 'negative' },
};

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Returns objects. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

async function readCsv(file) {
  return existsSync(file) ? parseCsv(await readFile(file, 'utf8')) : null;
}

/**
 * @param {string} dir corpus folder
 * @param {{ limitPairs?: number, group?: string }} [subset] a slice for quick runs: only docs in
 *   `group`, or only the docs of the first `limitPairs` labelled pairs
 */
export async function loadCorpus(dir, subset = {}) {
  const name = path.basename(path.resolve(dir));
  const docsCsv = await readCsv(path.join(dir, 'docs.csv'));
  const pairsCsv = await readCsv(path.join(dir, 'pairs.csv'));
  if (!docsCsv || !pairsCsv || !existsSync(path.join(dir, 'docs'))) {
    throw new Error(`${dir}: not a corpus in the common layout (expected docs/, docs.csv and pairs.csv)`);
  }
  let pairs = pairsCsv.map((r) => ({
    source: r.source_id,
    target: r.target_id,
    label: Number(r.label),
    grade: r.grade,
    directed: r.directed === '1',
  }));
  let wanted = null;
  if (subset.group) {
    wanted = new Set(docsCsv.filter((d) => d.group === subset.group).map((d) => d.doc_id));
    pairs = pairs.filter((p) => wanted.has(p.source) && wanted.has(p.target));
  } else if (subset.limitPairs) {
    pairs = pairs.slice(0, subset.limitPairs);
    wanted = new Set(pairs.flatMap((p) => [p.source, p.target]));
  }
  const docs = [];
  for (const row of docsCsv) {
    if (wanted && !wanted.has(row.doc_id)) continue;
    const text = await readFile(path.join(dir, 'docs', `${row.doc_id}.txt`), 'utf8');
    docs.push({ id: row.doc_id, text, role: row.role, group: row.group });
  }
  const present = new Set(docs.map((d) => d.id));
  const spansCsv = await readCsv(path.join(dir, 'spans.csv'));
  const spans = spansCsv
    ?.filter((r) => present.has(r.source_id) && present.has(r.target_id))
    .filter((r) => pairs.some((p) => p.source === r.source_id && p.target === r.target_id))
    .map((r) => {
      // A passage that could not be re-located on the texts as given has empty offsets: the
      // official ones (pan_*) are the best there is.
      const located = r.source_start !== '' && r.target_start !== '';
      const at = (side, edge) => Number(located ? r[`${side}_${edge}`] : r[`pan_${side}_${edge}`]);
      return {
        a: { doc: r.source_id, start: at('source', 'start'), end: at('source', 'end') },
        b: { doc: r.target_id, start: at('target', 'start'), end: at('target', 'end') },
        grade: r.kind || 'passage',
      };
    }) ?? null;
  const identical = new Map();
  for (const r of (await readCsv(path.join(dir, 'identical_docs.csv'))) ?? []) {
    if (present.has(r.doc_id)) identical.set(r.doc_id, `identical:${r.group}`);
  }
  return {
    name,
    dir,
    docs,
    pairs,
    spans,
    identical,
    unlisted: KNOWN[name]?.unlisted ?? 'unknown',
    // Passage detections are scored only between labelled pairs: elsewhere the truth is unknown.
    passageScope: 'labelled',
  };
}

/** The corpus as articles for the library API: the doc id is the article id. */
export function articlesOf(corpus) {
  return corpus.docs.map((d) => ({ id: d.id, path: d.id, text: d.text }));
}
