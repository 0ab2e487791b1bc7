/** An article's title as the report shows it, when its metadata gives none: the first non-empty
 *  line of its text, whitespace folded, at most 200 characters. */
export function findTitle(text: string): string {
  // Line by line from the top: splitting the whole text made a string of every line of every article.
  for (let from = 0; from <= text.length; ) {
    const end = text.indexOf('\n', from);
    const to = end < 0 ? text.length : end;
    const t = text.slice(from, to).replace(/\s+/g, ' ').trim();
    if (t) return [...t].slice(0, 200).join('');
    from = to + 1;
  }
  return '';
}
