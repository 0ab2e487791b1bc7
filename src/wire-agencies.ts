/**
 * News agencies ("wires") whose copy other outlets print, by the name newsdedup reports and the
 * forms a credit line may use. An article credited to one of them, or published by one, is
 * upstream of uncredited copies of the same text. Extend the list with `--wire NAME` (library:
 * `Options.wires`).
 *
 * `short` forms are acronyms that are also ordinary words or initials ("AP", "PA", "AA"): they
 * count only in credit positions — a dateline `WASHINGTON (AP) —`, a credit line `AP/Outlet`,
 * `(AP)` alone at the edge of a paragraph, a byline `By AP` — never in running text.
 */
export interface WireAgency {
  /** The name credits are reported under. */
  readonly name: string;
  /** Full names and spellings, matched case-insensitively in credit positions. */
  readonly aliases: readonly string[];
}

export const WIRE_AGENCIES: readonly WireAgency[] = [
  { name: 'AFP', aliases: ['AFP', 'Agence France-Presse', 'Agence France Presse', 'Agence France-Press'] },
  { name: 'AP', aliases: ['AP', 'Associated Press', 'The Associated Press'] },
  { name: 'Reuters', aliases: ['Reuters', 'Thomson Reuters'] },
  { name: 'Xinhua', aliases: ['Xinhua', 'Xinhua News Agency', 'Xinhuanet', '新华社'] },
  { name: 'dpa', aliases: ['dpa', 'Deutsche Presse-Agentur', 'dpa-AFX'] },
  { name: 'PA Media', aliases: ['PA', 'PA Media', 'PA Wire', 'Press Association', 'PA Media/PA Wire'] },
  { name: 'ANSA', aliases: ['ANSA', 'Agenzia Nazionale Stampa Associata'] },
  { name: 'EFE', aliases: ['EFE', 'Agencia EFE'] },
  { name: 'Europa Press', aliases: ['Europa Press'] },
  { name: 'Kyodo', aliases: ['Kyodo', 'Kyodo News'] },
  { name: 'Jiji Press', aliases: ['Jiji', 'Jiji Press'] },
  { name: 'Yonhap', aliases: ['Yonhap', 'Yonhap News Agency'] },
  { name: 'TASS', aliases: ['TASS', 'ITAR-TASS'] },
  { name: 'RIA Novosti', aliases: ['RIA Novosti', 'RIA'] },
  { name: 'Interfax', aliases: ['Interfax'] },
  { name: 'Anadolu', aliases: ['Anadolu', 'Anadolu Agency', 'AA'] },
  { name: 'UPI', aliases: ['UPI', 'United Press International'] },
  { name: 'Bloomberg', aliases: ['Bloomberg', 'Bloomberg News'] },
  { name: 'PTI', aliases: ['PTI', 'Press Trust of India'] },
  { name: 'IANS', aliases: ['IANS', 'Indo-Asian News Service'] },
  { name: 'ANI', aliases: ['ANI', 'Asian News International'] },
  { name: 'The Canadian Press', aliases: ['The Canadian Press', 'Canadian Press', 'CP'] },
  { name: 'AAP', aliases: ['AAP', 'Australian Associated Press'] },
  { name: 'APA', aliases: ['APA', 'Austria Presse Agentur'] },
  { name: 'Belga', aliases: ['Belga'] },
  { name: 'ANP', aliases: ['ANP'] },
  { name: 'NTB', aliases: ['NTB'] },
  { name: 'TT', aliases: ['TT', 'TT Nyhetsbyrån'] },
  { name: 'PAP', aliases: ['PAP', 'Polska Agencja Prasowa'] },
  { name: 'CTK', aliases: ['CTK', 'ČTK'] },
  { name: 'MTI', aliases: ['MTI'] },
  { name: 'Lusa', aliases: ['Lusa'] },
  { name: 'AGI', aliases: ['AGI'] },
  { name: 'Adnkronos', aliases: ['Adnkronos'] },
  { name: 'KNA', aliases: ['KNA'] },
  { name: 'epd', aliases: ['epd'] },
  { name: 'Ukrinform', aliases: ['Ukrinform'] },
  { name: 'IRNA', aliases: ['IRNA'] },
  { name: 'WAFA', aliases: ['WAFA'] },
  { name: 'MENA', aliases: ['MENA'] },
  { name: 'Bernama', aliases: ['Bernama'] },
  { name: 'Antara', aliases: ['Antara'] },
  { name: 'CNA', aliases: ['CNA', 'Central News Agency'] },
  { name: 'Prensa Latina', aliases: ['Prensa Latina'] },
  { name: 'Notimex', aliases: ['Notimex'] },
  { name: 'Agência Brasil', aliases: ['Agência Brasil', 'Agencia Brasil'] },
  { name: 'SPA', aliases: ['SPA', 'Saudi Press Agency'] },
  { name: 'Sputnik', aliases: ['Sputnik'] },
];

/** The built-in list plus names given by the user (each its own alias), without duplicates. */
export function wireAgencies(extra: readonly string[] = []): WireAgency[] {
  const out = [...WIRE_AGENCIES];
  const known = new Set(out.flatMap((w) => w.aliases.map((a) => a.toLowerCase())));
  for (const name of extra) {
    const trimmed = name.trim();
    if (trimmed === '' || known.has(trimmed.toLowerCase())) continue;
    known.add(trimmed.toLowerCase());
    out.push({ name: trimmed, aliases: [trimmed] });
  }
  return out;
}
