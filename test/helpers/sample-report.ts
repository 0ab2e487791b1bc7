import type { Report } from '../../src/index.js';

const WIRE = 'PARIS (Wire) -- The foreign minister warned on Wednesday that any interference in the coming election would be met with retaliation, and said the security services had been asked to watch for cyberattacks on the campaigns.';
const COPY = 'The foreign minister warned on Wednesday that any interference in the coming election would be met with retaliation, and said security services were asked to watch for cyber attacks on campaigns.';
const QUOTE_A = 'We will not accept any interference whatsoever in our electoral process';
const QUOTE_B = 'We will not accept any interference in our electoral process, whoever it comes from';
const REPEAT = '国际英语资讯: minister warns against meddling in the election, says the state will answer';

/**
 * A small hand-made report exercising every part of the readable formats: outlets, a determined
 * copy with evidence, a quote with its speaker, a repeat inside one article with a CJK title, a
 * pair with and one without direction, and an unreadable input. Made by hand so that a change in
 * the engine does not change the snapshots of the formatters.
 */
export function sampleReport(): Report {
  const wire = 'corpus/wire/2017-02-15-paris-election.txt';
  const daily = 'corpus/daily/2017-02-16-france-warns-russia.txt';
  const agency = 'corpus/agency/2017-02-15-xinhua.txt';
  return {
    schema: 'newsdedup/report@1',
    tool: { name: 'newsdedup', version: '0.0.0-test' },
    options: { shingleSize: 3, numHashes: 64, seed: 24301 },
    articles: [
      { id: agency, path: agency, title: '国际英语资讯:France not to accept any foreign meddling in presidential election', chars: 420, words: 70,
        reusedChars: 71, repeatedChars: 88, duplicateOf: null, outlet: 'Xinhua', credits: ['Xinhua'], published: '2017-02-15T09:00:00Z', url: 'http://example.org/x', originality: 1 },
      { id: daily, path: daily, title: "France vows 'retaliation' if Russia meddles in elections after Macron's team says it was targeted", chars: 900, words: 150,
        reusedChars: 260, repeatedChars: 0, duplicateOf: null, outlet: 'Daily Mail', credits: [], published: '2017-02-16T10:00:00Z', url: null, originality: 0.79 },
      { id: wire, path: wire, title: 'Stay out of our election: France sends stern warning', chars: 600, words: 100,
        reusedChars: 290, repeatedChars: 0, duplicateOf: null, outlet: 'AFP', credits: ['AFP'], published: '2017-02-15T08:00:00Z', url: null, originality: 1 },
    ],
    clusters: [
      { id: 'c1', kind: 'copy', similarity: 0.62, members: [
        { article: daily, start: 100, end: 100 + [...COPY].length, text: COPY, role: 'copy' },
        { article: wire, start: 0, end: [...WIRE].length, text: WIRE, role: 'source' },
      ], edges: [{ from: wire, to: daily, confidence: 0.9, evidence: ['credit: AFP credits a wire agency, Daily Mail credits none'], chars: [...COPY].length }], speaker: null },
      { id: 'c2', kind: 'quote', similarity: 0.45, members: [
        { article: agency, start: 10, end: 10 + QUOTE_A.length, text: QUOTE_A, role: 'unknown' },
        { article: daily, start: 400, end: 400 + QUOTE_B.length, text: QUOTE_B, role: 'unknown' },
        { article: wire, start: 300, end: 300 + QUOTE_A.length, text: QUOTE_A, role: 'unknown' },
      ], edges: [], speaker: 'Ayrault' },
      { id: 'c3', kind: 'repeat', similarity: 1, members: [
        { article: agency, start: 0, end: [...REPEAT].length, text: REPEAT, role: 'unknown' },
        { article: agency, start: 200, end: 200 + [...REPEAT].length, text: REPEAT, role: 'unknown' },
      ], edges: [], speaker: null },
    ],
    pairs: [
      { a: agency, b: daily, relation: 'partial', containment: { a: 0.17, b: 0.09 }, sharedChars: { a: 71, b: 84 }, direction: null,
        evidence: ['time: published a day apart but the shared text is a quote'] },
      { a: daily, b: wire, relation: 'partial', containment: { a: 0.29, b: 0.48 }, sharedChars: { a: 260, b: 290 },
        direction: { from: wire, to: daily, confidence: 0.9, evidence: ['credit: AFP credits a wire agency, Daily Mail credits none'], chars: 260 } },
    ],
    problems: [{ path: 'corpus/broken.txt', code: 'BINARY', message: 'looks like a binary file (NUL bytes), not text' }],
    summary: {
      articles: 3, chars: 1920, reusedChars: 621, repeatedChars: 88, reusedShare: 0.3234, clusters: 3,
      clustersByKind: { copy: 1, repeat: 1, quote: 1, boilerplate: 0 }, pairs: 2, pairsByRelation: { duplicate: 0, derived: 0, partial: 2 },
      duplicates: 0, problems: 1, cappedBuckets: 0,
    },
  } as Report;
}
