import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCredits } from '../src/stages/extract-credits.js';
import { parsePublished } from '../src/stages/parse-published.js';
import { readFrontMatter } from '../src/stages/read-front-matter.js';
import { wireAgencies } from '../src/wire-agencies.js';

const root = path.resolve(__dirname, '..');
const wires = wireAgencies();
const credits = (text: string, extra: string[] = []) => extractCredits(text, extra.length ? wireAgencies(extra) : wires);
const body = '\n\nThe minister said on Tuesday that talks would continue next week, officials confirmed.\n';

describe('extractCredits: wire credits and datelines of real-looking bylines', () => {
  it.each([
    ['PARIS, Feb. 15 (Xinhua) -- French Foreign Minister Jean-Marc Ayrault on Wednesday warned Russia.', 'Xinhua'],
    ['WASHINGTON (AP) — The Senate voted on Tuesday to confirm the nominee.', 'AP'],
    ['LONDON, Feb 15 (Reuters) - British inflation rose to its highest level in two and a half years.', 'Reuters'],
    ['Berlin (dpa) - Bundeskanzlerin Angela Merkel hat am Mittwoch erklärt.', 'dpa'],
    ['ROME, March 3 (ANSA) - Italy\'s government said on Friday it would act.', 'ANSA'],
    ['MADRID, 3 mar (EFE).- El Gobierno español aprobó este viernes el decreto.', 'EFE'],
    ['TOKYO (Kyodo) -- Japan and South Korea agreed on Monday to resume talks.', 'Kyodo'],
    ['SEOUL, Feb. 15 (Yonhap) -- North Korea fired a ballistic missile on Sunday.', 'Yonhap'],
    ['MOSCOW, February 15. /TASS/. Russia sees no grounds for the claims, the Kremlin said.', 'TASS'],
    ['NEW DELHI (PTI) - The government on Monday said it would table the bill.', 'PTI'],
    ['OTTAWA — (The Canadian Press) — The House of Commons rose for the summer.', 'The Canadian Press'],
    ['SYDNEY, Feb 15 (AAP) - Australian shares closed higher on Wednesday.', 'AAP'],
    ['ANKARA (AA) - Turkey\'s foreign minister met his counterpart on Monday.', 'Anadolu'],
    ['BEIJING, Feb. 15 (UPI) -- China\'s exports rose in January.', 'UPI'],
  ])('%s', (line, agency) => {
    const facts = credits(line + body);
    expect(facts.credits).toEqual([agency]);
    expect(facts.wireStory).toBe(true);
    expect(line.startsWith(facts.dateline!)).toBe(true);
    expect(facts.dateline!.length).toBeLessThan(45);
  });

  it('reads credit lines with an outlet: "AFP/The Local"', () => {
    const facts = credits("'Stay out of our election'\n\nAFP/The Local\nAFP/The Local - [email protected] • 15 Feb, 2017 Updated Wed 15 Feb 2017 17:52 CEST\n" + body);
    expect(facts.credits).toEqual(['AFP']);
    expect(facts.outlet).toBe('The Local');
    expect(facts.wireStory).toBe(false);
    expect(facts.published?.iso).toBe('2017-02-15');
  });

  it.each([
    ['By John Smith, Associated Press', ['AP'], 'John Smith'],
    ['By REUTERS', ['Reuters'], null],
    ['By Reuters Staff', ['Reuters'], null],
    ['By AFP', ['AFP'], null],
    ['By Jane Doe and Max Muster | dpa', ['dpa'], 'Jane Doe'],
    ['By PA Reporter', ['PA Media'], null],
    ['By Press Association', ['PA Media'], null],
    ['By Maria Garcia', [], 'Maria Garcia'],
  ])('reads the byline "%s"', (line, agencies, person) => {
    const facts = credits(`Headline of the story\n${line}\n${body}`);
    expect(facts.credits).toEqual(agencies);
    expect(facts.byline).toBe(person);
  });

  it.each([
    ['Copyright 2017 The Associated Press. All rights reserved.', 'AP', null],
    ['© 2017 Reuters', 'Reuters', null],
    ['(c) Copyright Thomson Reuters 2017.', 'Reuters', null],
    ['© Copyright IBTimes 2024. All rights reserved.', null, 'IBTimes'],
    ['Reuters contributed to this report.', 'Reuters', null],
    ['The Associated Press contributed to this story.', 'AP', null],
    ['(AFP)', 'AFP', null],
    ['— with AFP', 'AFP', null],
    ['Source: Xinhua', 'Xinhua', null],
  ])('reads the closing line "%s"', (line, agency, outlet) => {
    const facts = credits(`A headline\n${body}${'More text on the matter follows here. '.repeat(50)}\n\n${line}\n`);
    expect(facts.credits).toEqual(agency === null ? [] : [agency]);
    expect(facts.outlet).toBe(outlet);
  });

  it('never takes a short acronym from running text', () => {
    const facts = credits('A headline\n\nThe AP style guide and the PA system were discussed; AFP staff were not present, an AA battery said.\n');
    expect(facts.credits).toEqual([]);
  });

  it('takes agencies added with --wire', () => {
    expect(credits('KYIV (Ukrainska Pravda) - Officials said.' + body).credits).toEqual([]);
    expect(credits('KYIV (Ukrainska Pravda) - Officials said.' + body, ['Ukrainska Pravda']).credits).toEqual(['Ukrainska Pravda']);
  });

  it('reads the seed corpus: 001 credits AFP via The Local, 003 is IBTimes, 004 is a Xinhua wire story, 000 and 002 credit nobody', () => {
    const dir = path.join(root, 'fixtures/france-russia');
    const read = (name: string) => credits(readFileSync(path.join(dir, name), 'utf8'));
    expect(read('000_25b08a5b48b33ed2.txt')).toMatchObject({ credits: [], outlet: null, wireStory: false });
    expect(read('001_d8ad9760a3fe1e23.txt')).toMatchObject({ credits: ['AFP'], outlet: 'The Local' });
    expect(read('001_d8ad9760a3fe1e23.txt').published?.iso).toBe('2017-02-15');
    expect(read('002_acc268cd3afabf47.txt')).toMatchObject({ credits: [], outlet: null });
    expect(read('003_8c63bdaf32b26ab0.txt')).toMatchObject({ credits: [], outlet: 'IBTimes' });
    expect(read('004_e9f58710e6d47200.txt')).toMatchObject({ credits: ['Xinhua'], wireStory: true, dateline: 'PARIS, Feb. 15 (Xinhua) --' });
  });
});

describe('parsePublished', () => {
  it.each([
    ['2017-02-15', '2017-02-15'],
    ['2017-02-15T17:52:00+01:00', '2017-02-15T16:52:00Z'],
    ['2017-02-15 17:52', '2017-02-15T17:52:00Z'],
    ['2017-02-15T16:52:00.000Z', '2017-02-15T16:52:00Z'],
    ['Wed 15 Feb 2017 17:52 CEST', '2017-02-15T15:52:00Z'],
    ['15 February 2017', '2017-02-15'],
    ['Feb. 15, 2017', '2017-02-15'],
    ['February 15, 2017 5:52 p.m. EST', '2017-02-15T22:52:00Z'],
    ['Wed, 15 Feb 2017 17:52:00 +0100', '2017-02-15T16:52:00Z'],
  ])('%s → %s', (input, iso) => {
    expect(parsePublished(input)?.iso).toBe(iso);
  });

  it.each(['yesterday', '2017-02-30', '2017-13-01', '15/02/2017', ''])('rejects %j', (input) => {
    expect(parsePublished(input)).toBeNull();
  });

  it('a bare date is the whole day: it ties with any time that day', () => {
    const day = parsePublished('2017-02-15')!;
    const noon = parsePublished('2017-02-15T12:00Z')!;
    expect(day.lo <= noon.lo && noon.hi <= day.hi).toBe(true);
  });
});

describe('readFrontMatter', () => {
  const file = '---\noutlet: Daily Mail\npublished: 2017-02-15T10:30:00Z\nurl: "https://example.com/a"\ntitle: France vows retaliation\n---\nFrance has warned the Kremlin.\n';

  it('reads the fields and blanks the block so offsets still refer to the file', () => {
    const { meta, text } = readFrontMatter(file)!;
    expect(meta).toEqual({ outlet: 'Daily Mail', published: '2017-02-15T10:30:00Z', url: 'https://example.com/a', title: 'France vows retaliation' });
    expect(text.length).toBe(file.length);
    expect(text.slice(file.indexOf('France has'))).toBe(file.slice(file.indexOf('France has')));
    expect(text.slice(0, file.indexOf('France has')).trim()).toBe('');
    expect(text.split('\n').length).toBe(file.split('\n').length);
  });

  it('leaves text without a closed block alone', () => {
    expect(readFrontMatter('---\nJust a rule, then text.\n')).toBeNull();
    expect(readFrontMatter('No front matter here.\n---\n')).toBeNull();
  });

  it('accepts CRLF line ends and the usual aliases (date, source, link)', () => {
    const { meta } = readFrontMatter('---\r\ndate: 2017-02-15\r\nsource: Xinhua\r\nlink: https://x.org/1\r\n---\r\nBody.\r\n')!;
    expect(meta).toEqual({ published: '2017-02-15', outlet: 'Xinhua', url: 'https://x.org/1' });
  });
});
