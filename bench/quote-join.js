// The quote channel's LSH against the exact join of its own rule, on a corpus folder.
//
// The quote channel joins two quotes when their stem sets pass `sameQuote` (Jaccard ≥ 0.4 or
// 0.75 of the shorter one's stems in the longer, and 4 stems shared at least); LSH proposes which
// pairs to test. This finds every pair that passes — an exact set-similarity join with prefix
// filtering (Bayardo, Ma & Srikant 2007, "Scaling up all pairs similarity search"): stems ordered
// rarest first, each quote probes with the shortest prefix that any passing partner must share —
// and reports how many of them the LSH join put in one group, and how long each took. Quadratic
// in the corpus: minutes at 100,000 articles.
//
//   node bench/quote-join.js <folder> [--no-exact] [--dist dist]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { corpusFiles } from './corpus-files.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'no-exact': { type: 'boolean' }, dist: { type: 'string' } } });
const dist = path.resolve(values.dist ?? new URL('../dist', import.meta.url).pathname);
const load = async (file) => import(pathToFileURL(path.join(dist, file)).href);
const { extractQuotes } = await load('stages/extract-quotes.js');
const { stemQuotes } = await load('stages/stem-quotes.js');
const { joinQuotes, quoteUnits, sameQuote } = await load('stages/find-quotes.js');
const { fewestToPass } = await load('kernels/sets.js');
const { resolveOptions } = await load('options.js');

const options = resolveOptions({});

// The scan analyses one of each set of identical texts; so does this.
const quotes = [];
const stems = [];
const seen = new Set();
for (const file of corpusFiles(positionals[0])) {
  const text = readFileSync(file, 'utf8');
  if (seen.has(text)) continue;
  seen.add(text);
  const found = extractQuotes(text);
  quotes.push(found);
  stems.push(stemQuotes(text, found, options));
}
const units = quoteUnits(quotes, stems);
const { count, offset, article, first, last } = units;
// joinQuotes is handed copies: the stems are needed again here.
const started = performance.now();
const join = joinQuotes({ ...units, offset: offset.slice(), stems: units.stems.slice() }, options);
const out = { articles: quotes.length, quotes: count, lsh: { ms: Math.round(performance.now() - started), groups: groupsOf(join.group) } };

if (!values['no-exact']) {
  const t0 = performance.now();
  const pairs = exactPairs(units);
  let joined = 0;
  for (let i = 0; i < pairs.length; i += 2) if (join.group[pairs[i]] === join.group[pairs[i + 1]]) joined++;
  out.exact = { ms: Math.round(performance.now() - t0), pairs: pairs.length / 2, joinedByLsh: joined, recall: +(joined / (pairs.length / 2)).toFixed(5) };
}
console.log(JSON.stringify(out));

/** Groups of two units or more. */
function groupsOf(group) {
  const size = new Map();
  for (const g of group) size.set(g, (size.get(g) ?? 0) + 1);
  let n = 0;
  for (const s of size.values()) if (s > 1) n++;
  return n;
}

/** Every pair of units that sameQuote accepts (as the LSH join skips them, not two overlapping
 *  quotes of one article), flat [a, b, a, b, …]. */
function exactPairs({ count, offset, stems, article, first, last }) {
  const rule = { quoteMinStems: options.quoteMinStems, quoteVerifyThreshold: options.quoteVerifyThreshold, quoteContainmentThreshold: options.quoteContainmentThreshold };
  // Stems ranked rarest first; each unit's ranks sorted.
  const df = new Map();
  for (const s of stems) df.set(s, (df.get(s) ?? 0) + 1);
  const order = [...df.keys()].sort((x, y) => df.get(x) - df.get(y) || x - y);
  const rankOf = new Map(order.map((s, r) => [s, r]));
  const ranked = Uint32Array.from(stems, (s) => rankOf.get(s));
  for (let u = 0; u < count; u++) ranked.subarray(offset[u], offset[u + 1]).sort();
  // Every unit is indexed under all but its last quoteMinStems - 1 ranks: a partner sharing at
  // least quoteMinStems stems shares one of them.
  const m = rule.quoteMinStems;
  const start = new Int32Array(order.length + 1);
  for (let u = 0; u < count; u++) for (let i = offset[u]; i < offset[u + 1] - m + 1; i++) start[ranked[i] + 1]++;
  for (let r = 0; r < order.length; r++) start[r + 1] += start[r];
  const postings = new Int32Array(start[order.length]);
  const fill = start.slice();
  for (let u = 0; u < count; u++) for (let i = offset[u]; i < offset[u + 1] - m + 1; i++) postings[fill[ranked[i]]++] = u;
  // A unit probes with its first size - need + 1 ranks, `need` being the fewest stems a partner at
  // least as large must share with it; pairs are taken from the smaller unit (ties: the lower).
  const seenBy = new Int32Array(count).fill(-1);
  const pairs = [];
  for (let x = 0; x < count; x++) {
    const size = offset[x + 1] - offset[x];
    const need = Math.max(m, fewestToPass(size, size, rule.quoteVerifyThreshold, rule.quoteContainmentThreshold));
    for (let i = offset[x]; i < offset[x] + size - need + 1; i++) {
      for (let p = start[ranked[i]]; p < start[ranked[i] + 1]; p++) {
        const y = postings[p];
        if (y === x || seenBy[y] === x) continue;
        seenBy[y] = x;
        const other = offset[y + 1] - offset[y];
        if (other < size || (other === size && y < x)) continue;
        const a = Math.min(x, y);
        const b = Math.max(x, y);
        if (article[a] === article[b] && first[b] < last[a] && first[a] < last[b]) continue;
        if (sameQuote(stems, offset, a, b, rule) >= 0) pairs.push(a, b);
      }
    }
  }
  return pairs;
}
