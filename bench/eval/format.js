/** Markdown tables of evaluation results, so the output can stand in bench/EVAL.md as printed. */

export function num(x, digits = 3) {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits);
}

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

function excerpt(text, start, end, width = 70) {
  const t = [...text].slice(start, end).join('').replace(/\s+/g, ' ');
  return t.length <= width ? t : `${t.slice(0, width / 2 - 1)} … ${t.slice(t.length - width / 2 + 2)}`;
}

/**
 * @param run `{ result, scanMs, loadMs, peakRssMB }` of one corpus
 * @param texts doc id → text, to quote missed passages (optional)
 */
export function formatCorpus(run, texts) {
  const r = run.result;
  const out = [];
  out.push(`### ${r.corpus}`);
  out.push('');
  out.push(
    `${r.docs} documents · ${r.pairs} labelled pairs (identical documents counted once) · unlisted pairs: ${r.unlisted === 'negative' ? 'negatives' : 'unknown, not scored'} · scan ${num(run.scanMs / 1000, 2)} s · peak RSS ${Math.round(run.peakRssMB)} MB`,
  );
  out.push('');

  const grades = Object.keys(r.levels[0].byGrade);
  const positive = grades.filter((g) => r.levels[0].byGrade[g].label === 1);
  const negative = grades.filter((g) => r.levels[0].byGrade[g].label !== 1);
  out.push('Pair level — label 1 vs not; a report pair counts as "reuse" from the relation in the first column:');
  out.push('');
  out.push(
    table(
      ['report relation ≥', 'precision', 'recall', 'F1', 'TP', 'FP', 'FN', ...positive.map((g) => `recall ${g}`), ...negative.map((g) => `flagged ${g}`), 'flagged unlisted'],
      r.levels.map((l) => [
        l.name,
        num(l.precision),
        num(l.recall),
        num(l.f1),
        l.tp,
        l.fp,
        l.fn,
        ...positive.map((g) => `${num(l.byGrade[g].flagged / l.byGrade[g].total)} (${l.byGrade[g].flagged}/${l.byGrade[g].total})`),
        ...negative.map((g) => `${l.byGrade[g].flagged}/${l.byGrade[g].total}`),
        l.unlistedFlagged,
      ]),
    ),
  );
  out.push('');

  if (r.crossGroup !== null) {
    out.push(`Report pairs whose two documents belong to different groups of docs.csv (different tasks or sections): ${r.crossGroup}.`);
    out.push('');
  }

  if (r.threeWay) {
    const classes = ['duplicate', 'derived', 'partial', 'none'];
    const present = classes.filter((c) => classes.some((p) => r.threeWay.matrix[c][p] > 0));
    out.push(`Three-way relation (rows: what the labels say; columns: what the report says) — accuracy ${num(r.threeWay.accuracy)} over ${r.threeWay.total} pairs${r.unlisted === 'negative' ? ' (listed pairs and unlisted pairs the report relates)' : ''}:`);
    out.push('');
    out.push(table(['labels \\ report', ...classes], present.map((c) => [c, ...classes.map((p) => r.threeWay.matrix[c][p])])));
    out.push('');
  }

  if (r.direction) {
    const d = r.direction;
    out.push(
      d.named === 0
        ? `Direction: ${d.pairs} directed pairs found; the report names no source for any of them, so direction is not scored.`
        : `Direction: ${d.right} of ${d.pairs} found directed pairs point from the labelled source (accuracy ${num(d.accuracy)}; ${d.pairs - d.named} left undecided).`,
    );
    out.push('');
  }

  if (r.passages) {
    const p = r.passages;
    const rows = [['all', p]];
    for (const [g, s] of Object.entries(p.byGrade)) if (Object.keys(p.byGrade).length > 1 || g !== 'all') rows.push([g, s]);
    out.push('Passage level (PAN measures over characters, macro-averaged; a detection is two members of one cluster):');
    out.push('');
    out.push(
      table(
        ['cases', 'n', 'found', 'recall (count)', 'precision (count)', 'precision', 'recall', 'granularity', 'plagdet'],
        rows.map(([g, s]) => [
          g,
          s.cases,
          s.casesFound,
          num(s.countRecall),
          g === 'all' ? `${num(s.countPrecision)} (${s.detectionsCorrect}/${s.detections})` : '',
          g === 'all' ? num(s.precision) : '',
          num(s.recall),
          num(s.granularity),
          g === 'all' ? num(s.plagdet) : '',
        ]),
      ),
    );
    out.push('');
    const u = p.unmerged;
    out.push(
      `Detections overlapping on both sides in one document pair are merged first (${u.detections} → ${p.detections}); unmerged: precision ${num(u.precision)}, recall ${num(u.recall)}, granularity ${num(u.granularity)}, plagdet ${num(u.plagdet)}.`,
    );
    out.push('');
    if (texts && p.missed.length > 0) {
      out.push(`Missed cases (${p.missed.length}${p.missed.length > 15 ? ', first 15' : ''}):`);
      out.push('');
      for (const s of p.missed.slice(0, 15)) {
        const tag = s.passage ? `${s.passage}, ${s.grade}` : s.grade;
        out.push(`- [${tag}] ${s.a.doc} "${excerpt(texts.get(s.a.doc), s.a.start, s.a.end)}" ↔ ${s.b.doc} "${excerpt(texts.get(s.b.doc), s.b.start, s.b.end)}"`);
      }
      out.push('');
    }
    if (texts && p.unmatched.length > 0) {
      out.push(`Detections that match no case (${p.unmatched.length}${p.unmatched.length > 15 ? ', first 15' : ''}):`);
      out.push('');
      for (const d of p.unmatched.slice(0, 15)) {
        out.push(`- [${d.kind} ${d.cluster}] ${d.a.doc} "${excerpt(texts.get(d.a.doc), d.a.start, d.a.end)}" ↔ ${d.b.doc} "${excerpt(texts.get(d.b.doc), d.b.start, d.b.end)}"`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

export { table };
