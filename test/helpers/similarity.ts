/** An independent, string-based reference for similarity checks: words, k-grams, sets. */
export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

export function kgrams(text: string, k: number): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length < k) {
    if (w.length) out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + k <= w.length; i++) out.add(w.slice(i, i + k).join(' '));
  return out;
}

export function jaccardOfTexts(a: string, b: string, k: number): { jaccard: number; containment: number } {
  const x = kgrams(a, k);
  const y = kgrams(b, k);
  let inter = 0;
  for (const g of x) if (y.has(g)) inter++;
  const union = x.size + y.size - inter;
  return { jaccard: union ? inter / union : 0, containment: Math.min(x.size, y.size) ? inter / Math.min(x.size, y.size) : 0 };
}
