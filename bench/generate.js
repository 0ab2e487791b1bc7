// Seeded generator of a news-like corpus with planted reuse and its ground truth.
//
//   node bench/generate.js --size 10000 --seed 1 --out bench/out/corpora/10000-1
//
// Writes `articles/gNNNN/aNNNNNNN.txt` (1,000 files per folder), `truth.jsonl` (one planted reuse
// per line) and `atoms.jsonl` (which original paragraphs each article carries, for precision).
// The same size and seed always give byte-identical files.
//
// Planted kinds (share of the articles that are targets):
//   near-copy      whole article copied with light edits (new title and dateline, ~2 % words)
//   passage        1–3 consecutive paragraphs of another article inside an otherwise new article
//   fuzzy          a whole article or 2–4 paragraphs copied with 10–20 % of the words edited
//   repeat-body    the whole body printed twice in one article
//   repeat-caption one paragraph printed again further down as a photo caption
// Sources are always original articles, so every planted link is one hop.

import { mkdirSync, writeFileSync, existsSync, readFileSync, rmSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const GENERATOR_VERSION = 1;

export const SHARES = {
  'near-copy': 0.05,
  passage: 0.08,
  fuzzy: 0.04,
  'repeat-body': 0.01,
  'repeat-caption': 0.02,
};

/** mulberry32: small, fast and good enough for test data (https://gist.github.com/tommyettinger). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = `the of to and a in that is for on it with as was said he be at by his from have has but not are
an they this had were will which its their been who would after also more than about over new one two year
government minister president officials people police told could some there when other into last against state
country first million percent week month years since while most before under between during security city
talks forces military party election leader support economic market prices foreign national report statement
spokesman agency company workers court law public news told added according local region border deal plan
health water power oil trade bank growth billion budget tax vote campaign opposition parliament group
attack killed wounded fighting troops peace crisis meeting summit council ministry official sources data
investors shares rate inflation energy gas climate emissions flood storm fire rescue hospital patients
school students university study research scientists team season match players coach club win lost final`.split(/\s+/);

const SYLLABLES = `ka lo mi ren tor vas el an dri pel sun mar quo bel tis ran vek hol zan pri mus cor del fen gat
hin jor kel lum nor pax rid sol tam ul ves wim yor zel bra cre dro fla gli plo stu tra`.split(/\s+/);

const FIRST = `Anna Marc Olga Pierre Jean Maria Ivan Sara Ali Chen Yuki Lena Omar Tom Eva Paul Nina Hugo Rosa Karl
Amir Lucia Mateo Ines David Fatima Jonas Elena Victor Alice`.split(/\s+/);
const LAST = `Dubois Petrov Garcia Schmidt Rossi Novak Kim Tanaka Haddad Silva Moreau Kowalski Jensen Costa Levy
Bauer Romano Fischer Nilsson Ortiz Marin Weber Laurent Popescu Horvat Duarte Klein Meyer Santos Varga`.split(/\s+/);
const CITIES = `PARIS MOSCOW LONDON BERLIN WASHINGTON BEIJING TOKYO MADRID ROME KYIV WARSAW CAIRO NAIROBI LIMA
DELHI SEOUL OTTAWA LAGOS ATHENS VIENNA`.split(/\s+/);
const OUTLETS = `Reuters AFP AP Xinhua DPA EFE ANSA Kyodo PAP TASS`.split(/\s+/);
const MONTHS = `Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.`.split(/\s+/);
const VERBS = ['said', 'told reporters', 'said in a statement', 'told the agency', 'wrote on social media'];

/** A Zipf-like vocabulary: real news words first, then pseudo-words for names, places and rare terms. */
function vocabulary(random) {
  const words = [...COMMON];
  const seen = new Set(words);
  while (words.length < 30_000) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  // Zipf with s = 1.05 over ranks: cumulative weights for inverse-CDF sampling.
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let r = 0; r < words.length; r++) {
    total += 1 / (r + 1) ** 1.05;
    cumulative[r] = total;
  }
  return { words, cumulative, total };
}

function pickWord(vocab, random) {
  const x = random() * vocab.total;
  let lo = 0;
  let hi = vocab.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (vocab.cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return vocab.words[lo];
}

const pick = (list, random) => list[Math.floor(random() * list.length)];
const capitalize = (w) => w[0].toUpperCase() + w.slice(1);

function sentence(vocab, random) {
  const n = 12 + Math.floor(random() * 18);
  const words = [];
  for (let i = 0; i < n; i++) words.push(pickWord(vocab, random));
  if (random() < 0.25) words.splice(1 + Math.floor(random() * (n - 2)), 0, pick(FIRST, random), pick(LAST, random));
  if (random() < 0.15) words.splice(Math.floor(random() * n), 0, String(1 + Math.floor(random() * 2000)));
  words[0] = capitalize(words[0]);
  const body = words.join(' ');
  if (random() < 0.2) {
    return `\u201c${body},\u201d ${pick(FIRST, random)} ${pick(LAST, random)} ${pick(VERBS, random)}.`;
  }
  return `${body}.`;
}

function paragraph(vocab, random) {
  const n = 1 + Math.floor(random() * 3);
  const out = [];
  for (let i = 0; i < n; i++) out.push(sentence(vocab, random));
  return out.join(' ');
}

function title(vocab, random) {
  const n = 6 + Math.floor(random() * 5);
  const words = [];
  for (let i = 0; i < n; i++) words.push(capitalize(pickWord(vocab, random)));
  return words.join(' ');
}

function dateline(random) {
  return `${pick(CITIES, random)}, ${pick(MONTHS, random)} ${1 + Math.floor(random() * 28)} (${pick(OUTLETS, random)}) - `;
}

/** Edits a share of the words: substitution, deletion or insertion, equally likely. */
function editWords(text, rate, vocab, random) {
  const words = text.split(' ');
  const out = [];
  for (const w of words) {
    if (random() >= rate) {
      out.push(w);
      continue;
    }
    const op = random();
    if (op < 1 / 3) out.push(pickWord(vocab, random));
    else if (op < 2 / 3) continue;
    else out.push(w, pickWord(vocab, random));
  }
  if (out.length === 0) out.push(pickWord(vocab, random));
  return out.join(' ');
}

/**
 * An article: a title line, a dateline opening the first paragraph, paragraphs separated by blank
 * lines. Paragraphs carry atoms (origin article, paragraph index) so that precision can tell which
 * article pairs truly share text.
 */
function originalParagraphs(index, vocab, random) {
  const paragraphs = [];
  let chars = 0;
  const target = 4_000 + random() * 2_000;
  while (chars < target) {
    const text = paragraph(vocab, random);
    paragraphs.push({ text, atom: `${index}:${paragraphs.length}` });
    chars += text.length + 2;
  }
  return paragraphs;
}

/** Joins title and paragraphs; returns the text and each paragraph's [start, end) offset. */
function render(head, paragraphs) {
  let text = `${head}\n\n`;
  const spans = [];
  for (let i = 0; i < paragraphs.length; i++) {
    const start = text.length;
    text += paragraphs[i].text;
    spans.push([start, text.length]);
    text += i + 1 < paragraphs.length ? '\n\n' : '\n';
  }
  return { text, spans };
}

export function idOf(index) {
  return `a${String(index).padStart(7, '0')}`;
}

export function relativePath(index) {
  return `articles/g${String(Math.floor(index / 1000)).padStart(4, '0')}/${idOf(index)}.txt`;
}

/**
 * Generates the corpus in memory, one article at a time, and hands each to `emit`.
 * Returns the truth records.
 */
export function generate(size, seed, emit) {
  const random = rng(seed);
  const vocab = vocabulary(rng(seed ^ 0x9e3779b9));
  const kinds = Object.keys(SHARES);
  const originals = []; // indexes of original articles (possible sources)
  const bodies = new Map(); // source index → paragraphs (kept for a window of recent sources)
  const truth = [];
  const keep = 2_000;

  for (let index = 0; index < size; index++) {
    let roll = random();
    let kind = null;
    for (const k of kinds) {
      if (roll < SHARES[k]) {
        kind = k;
        break;
      }
      roll -= SHARES[k];
    }
    const needsSource = kind === 'near-copy' || kind === 'passage' || kind === 'fuzzy';
    if (needsSource && originals.length === 0) kind = null;

    const head = title(vocab, random);
    let paragraphs;
    let spansOf = null;

    if (kind === null || kind === 'repeat-body' || kind === 'repeat-caption') {
      paragraphs = originalParagraphs(index, vocab, random);
      paragraphs[0] = { ...paragraphs[0], text: dateline(random) + paragraphs[0].text };
      if (kind === null) {
        originals.push(index);
        bodies.set(index, paragraphs);
        if (originals.length > keep) bodies.delete(originals[originals.length - keep - 1]);
      } else if (kind === 'repeat-body') {
        const n = paragraphs.length;
        paragraphs = paragraphs.concat(paragraphs.map((p) => ({ ...p })));
        spansOf = (spans) => ({ kind, article: idOf(index), first: [spans[0][0], spans[n - 1][1]], second: [spans[n][0], spans[2 * n - 1][1]] });
      } else {
        const from = 1 + Math.floor(random() * Math.max(1, paragraphs.length / 2 - 1));
        const at = Math.min(paragraphs.length, from + 2 + Math.floor(random() * 6));
        paragraphs.splice(at, 0, { ...paragraphs[from] });
        spansOf = (spans) => ({ kind, article: idOf(index), first: spans[from], second: spans[at] });
      }
    } else {
      // Sources are drawn from recent originals so that a streaming generator stays bounded.
      const candidates = originals.slice(-keep);
      const source = candidates[Math.floor(random() * candidates.length)];
      const src = bodies.get(source);
      const srcRender = render('', src);
      if (kind === 'near-copy') {
        paragraphs = src.map((p) => ({ ...p, text: editWords(p.text, 0.02, vocab, random) }));
        paragraphs[0] = { ...paragraphs[0], text: dateline(random) + paragraphs[0].text.replace(/^[A-Z]+, \S+ \d+ \([A-Za-z]+\) - /, '') };
        spansOf = (spans) => ({ kind, source: idOf(source), target: idOf(index), sourceSpan: [srcRender.spans[0][0], srcRender.spans.at(-1)[1]], targetSpan: [spans[0][0], spans.at(-1)[1]] });
      } else {
        const whole = kind === 'fuzzy' && random() < 0.5;
        const count = whole ? src.length : kind === 'fuzzy' ? 2 + Math.floor(random() * 3) : 1 + Math.floor(random() * 3);
        const from = whole ? 0 : 1 + Math.floor(random() * Math.max(1, src.length - count - 1));
        const taken = src.slice(from, from + count);
        const copied = kind === 'fuzzy'
          ? taken.map((p) => ({ ...p, text: editWords(p.text, 0.1 + random() * 0.1, vocab, random) }))
          : taken.map((p) => ({ ...p }));
        if (whole) {
          paragraphs = copied;
          paragraphs[0] = { ...paragraphs[0], text: dateline(random) + paragraphs[0].text.replace(/^[A-Z]+, \S+ \d+ \([A-Za-z]+\) - /, '') };
        } else {
          paragraphs = originalParagraphs(index, vocab, random);
          paragraphs[0] = { ...paragraphs[0], text: dateline(random) + paragraphs[0].text };
          // Keep the article ≈ 4–6 KB: the copied paragraphs replace some of the new ones.
          paragraphs.splice(paragraphs.length - count, count);
          const at = 1 + Math.floor(random() * Math.max(1, paragraphs.length - 1));
          paragraphs.splice(at, 0, ...copied);
          const last = from + taken.length - 1;
          spansOf = (spans) => ({ kind, source: idOf(source), target: idOf(index), sourceSpan: [srcRender.spans[from][0], srcRender.spans[last][1]], targetSpan: [spans[at][0], spans[at + taken.length - 1][1]] });
        }
        if (whole) {
          spansOf = (spans) => ({ kind, source: idOf(source), target: idOf(index), sourceSpan: [srcRender.spans[0][0], srcRender.spans.at(-1)[1]], targetSpan: [spans[0][0], spans.at(-1)[1]] });
        }
      }
    }
    const { text, spans } = render(head, paragraphs);
    if (spansOf) truth.push(spansOf(spans));
    emit(index, text, [...new Set(paragraphs.map((p) => p.atom))]);
  }
  return truth;
}

function main() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const size = Number(values.size);
  const seed = Number(values.seed);
  const out = values.out ?? `bench/out/corpora/${size}-${seed}`;
  generateTo(out, size, seed);
}

/** Writes the corpus unless an identical one (same size, seed, generator version) is already there. */
export function generateTo(out, size, seed) {
  const manifestPath = path.join(out, 'manifest.json');
  const manifest = { generator: GENERATOR_VERSION, size, seed };
  if (existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === JSON.stringify(manifest)) return false;
  const tmp = `${out}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  const titles = new Map();
  const atoms = [];
  let folder = -1;
  const truth = generate(size, seed, (index, text, articleAtoms) => {
    const rel = relativePath(index);
    const group = Math.floor(index / 1000);
    if (group !== folder) {
      mkdirSync(path.join(tmp, path.dirname(rel)), { recursive: true });
      folder = group;
    }
    writeFileSync(path.join(tmp, rel), text);
    titles.set(index, text.indexOf('\n') + 2);
    atoms.push(JSON.stringify({ article: idOf(index), atoms: articleAtoms }));
  });
  // Source spans were measured on the body alone; add the source's title line length.
  const fixed = truth.map((t) => {
    if (!t.source) return t;
    const shift = titles.get(Number(t.source.slice(1)));
    return { ...t, sourceSpan: [t.sourceSpan[0] + shift - 2, t.sourceSpan[1] + shift - 2] };
  });
  writeFileSync(path.join(tmp, 'truth.jsonl'), fixed.map((t) => JSON.stringify(t)).join('\n') + '\n');
  writeFileSync(path.join(tmp, 'atoms.jsonl'), atoms.join('\n') + '\n');
  writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
