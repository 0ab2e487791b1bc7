import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, scan, scanTexts } from '../src/index.js';

const root = path.resolve(__dirname, '..');
const schema = JSON.parse(readFileSync(path.join(root, 'schema/report.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('the JSON report validates against schema/report.schema.json', () => {
  it('on the fixture corpus', async () => {
    const report = await scan({ paths: ['fixtures/france-russia'], cwd: root });
    const json = JSON.parse(formatReport(report, 'json'));
    const ok = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('on a corpus with boilerplate clusters', async () => {
    const report = await scan({ paths: ['fixtures/boilerplate'], cwd: root });
    expect(report.summary.clustersByKind.boilerplate).toBeGreaterThan(0);
    const ok = validate(JSON.parse(formatReport(report, 'json')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('on a corpus with no shared passages and a problem', () => {
    const report = scanTexts(
      [{ id: 'one.txt', path: 'one.txt', text: 'A short article about nothing in particular, written once.' }],
      {},
      [{ path: 'missing.txt', code: 'ENOENT', message: 'no such file or folder' }],
    );
    const ok = validate(JSON.parse(formatReport(report, 'json')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
