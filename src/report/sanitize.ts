/**
 * Makes untrusted article text safe for a terminal: ANSI/OSC/DCS escape sequences are removed
 * whole, other control characters (C0, DEL, C1) and bidirectional overrides become visible
 * replacements, and line breaks become spaces when `flatten` is set.
 *
 *   sanitizeForTerminal('\x1b]0;pwned\x07Hi\x1b[2J') → 'Hi'
 */
export function sanitizeForTerminal(text: string, flatten = true): string {
  let out = text.replace(ESCAPE_SEQUENCE, '');
  out = flatten ? out.replace(/\s+/g, ' ') : out.replace(/\r\n?/g, '\n').replace(/\t/g, '  ');
  return out.replace(CONTROL, '\ufffd');
}

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST), two-byte escapes,
// and the 8-bit C1 forms of CSI (0x9b) and OSC (0x9d).
const ESCAPE_SEQUENCE =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
// Control characters other than newline, and bidi overrides that can disguise text (Trojan Source).
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes untrusted text for HTML element content and quoted attribute values. Control
 * characters become U+FFFD one for one (so offsets into the text still hold) and a carriage
 * return is written as a character reference, which the HTML parser does not fold into LF.
 *
 *   escapeHtml('<img src=x onerror="alert(1)">') → '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(HTML_SPECIAL, (ch) => HTML_ENTITIES[ch] ?? '\ufffd');
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\r': '&#13;', '\t': '\t', '\n': '\n',
};
const HTML_SPECIAL = /[&<>"'\x00-\x1f\x7f-\x9f]/g;
