/**
 * Converts UTF-16 offsets of `text` to Unicode code point offsets, the report's unit (so that
 * Python's `text[start:end]` quotes the same passage). Identity when the text has no astral characters.
 */
export function codePointCounter(text: string): (utf16Offset: number) => number {
  let astral = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      astral = true;
      break;
    }
  }
  if (!astral) return (offset) => offset;
  const prefix = new Int32Array(text.length + 1);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    prefix[i] = count;
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) count++;
  }
  prefix[text.length] = count;
  return (offset) => prefix[offset];
}
