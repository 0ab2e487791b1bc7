/**
 * Reads a hand-made passage gold file (fixtures/<scenario>/gold.json) and turns it into a corpus
 * that scoreCorpus understands: article pairs (closed world: every pair of the scenario's
 * articles is labelled) and passage pairs (cases) with code point offsets.
 *
 * A gold passage lists every place where one piece of text stands; members quote the text
 * exactly (`text`, the n-th occurrence in the article) or by its first and last words
 * (`from` … `to`). Each member's `grade` says how far it is from the first member:
 *   exact   — the same words (quote marks and case aside);
 *   near    — a few words added, dropped or changed;
 *   heavy   — rewritten: only phrases survive;
 *   variant — another transcript or translation of the same spoken words.
 * Members sharing a `form` are exact copies of each other whatever their grade to the first.
 * `speech: true` marks a passage that is quoted speech.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

const SEVERITY = ['exact', 'near', 'heavy', 'variant'];

function codePoints(text, unitOffset) {
  return [...text.slice(0, unitOffset)].length;
}

function nthIndexOf(text, needle, n, from = 0) {
  let at = from - 1;
  for (let k = 0; k <= n; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

function locate(goldFile, passageId, member, text) {
  const where = `${goldFile}: passage "${passageId}", ${member.article}`;
  const n = member.n ?? 0;
  let start;
  let end;
  if (member.text !== undefined) {
    start = nthIndexOf(text, member.text, n);
    if (start < 0) throw new Error(`${where}: text not found (occurrence ${n}): "${member.text}"`);
    end = start + member.text.length;
  } else {
    start = nthIndexOf(text, member.from, n);
    if (start < 0) throw new Error(`${where}: start not found (occurrence ${n}): "${member.from}"`);
    const last = text.indexOf(member.to, start);
    if (last < 0) throw new Error(`${where}: end not found after the start: "${member.to}"`);
    end = last + member.to.length;
  }
  return { doc: member.article, start: codePoints(text, start), end: codePoints(text, end) };
}

/** Pair grade: exact between members of one form, else the worse of the two members' grades. */
function pairGrade(x, y) {
  if (x.form === y.form) return 'exact';
  return SEVERITY[Math.max(SEVERITY.indexOf(x.grade), SEVERITY.indexOf(y.grade))];
}

/**
 * @param {string} goldFile path to gold.json; the articles are the .txt files beside it
 */
export async function loadFixtureGold(goldFile) {
  const dir = path.dirname(goldFile);
  const gold = JSON.parse(await readFile(goldFile, 'utf8'));
  const names = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  const docs = [];
  for (const id of names) docs.push({ id, text: await readFile(path.join(dir, id), 'utf8'), role: 'unknown', group: '' });
  const textOf = new Map(docs.map((d) => [d.id, d.text]));

  const spans = [];
  for (const passage of gold.passages) {
    const members = passage.members.map((m, i) => {
      if (!textOf.has(m.article)) throw new Error(`${goldFile}: passage "${passage.id}": no article ${m.article} in ${dir}`);
      const grade = m.grade ?? 'exact';
      if (!SEVERITY.includes(grade)) throw new Error(`${goldFile}: passage "${passage.id}": grade must be one of ${SEVERITY.join(', ')}, got ${grade}`);
      return { span: locate(goldFile, passage.id, m, textOf.get(m.article)), grade, form: m.form ?? (grade === 'exact' ? '' : `#${i}`) };
    });
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const x = members[i];
        const y = members[j];
        const grade = pairGrade(x, y);
        const kind = x.span.doc === y.span.doc ? 'repeat' : grade === 'variant' ? 'quote' : 'copy';
        spans.push({ a: x.span, b: y.span, grade, kind, passage: passage.id, speech: passage.speech === true });
      }
    }
  }

  // Article pairs: reuse when they share a passage of reporting (not quoted speech) that was
  // copied (exact, near or heavy). Outlets that quote the same speaker, even in the same words,
  // report the speech; they do not reuse each other.
  const pairs = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const between = spans.filter((s) => (s.a.doc === names[i] && s.b.doc === names[j]) || (s.a.doc === names[j] && s.b.doc === names[i]));
      const copied = between.filter((s) => s.grade !== 'variant' && !s.speech);
      const best = copied.map((s) => SEVERITY.indexOf(s.grade)).sort()[0];
      pairs.push({
        source: names[i],
        target: names[j],
        label: copied.length > 0 ? 1 : 0,
        grade: copied.length > 0 ? SEVERITY[best] : between.length > 0 ? 'quote only' : 'unrelated',
        class: copied.length > 0 ? 'partial' : 'none',
        directed: false,
      });
    }
  }
  return {
    name: `${path.basename(dir)} (gold.json)`,
    dir,
    docs,
    pairs,
    spans,
    identical: new Map(),
    unlisted: 'negative',
    passageScope: 'all',
    gradeSets: { 'exact+near': ['exact', 'near'] },
  };
}
