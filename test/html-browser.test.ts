import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { root, runCli } from './helpers/cli.js';

/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core.
 * Screenshots go to test-artifacts/html/ for people to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(root, 'test-artifacts/html');
const available = existsSync(CHROMIUM);
if (!available) {
  process.stderr.write(`\n*** html-browser tests SKIPPED: ${CHROMIUM} is missing. Install it with "apt-get install chromium" (.ci/run does). ***\n\n`);
}

interface Loaded {
  page: Page;
  report: Report;
  errors: string[];
  requests: string[];
  dialogs: string[];
}

let context: BrowserContext;
let profile: string;

async function load(fixture: string, name: string): Promise<Loaded> {
  const file = path.join(ARTIFACTS, `${name}.html`);
  const html = runCli(['scan', fixture, '--format', 'html', '--output', file]);
  expect(html.code, html.stderr).toBe(0);
  const json = runCli(['scan', fixture, '--format', 'json']);
  expect(json.code, json.stderr).toBe(0);
  const page = await context.newPage();
  const loaded: Loaded = { page, report: JSON.parse(json.stdout) as Report, errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') loaded.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => loaded.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => loaded.requests.push(r.url()));
  page.on('dialog', (d) => {
    loaded.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return loaded;
}

function baseName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(path.join(os.tmpdir(), 'newsdedup-chromium-'));
    // Fails the suite loudly when Chromium is installed but cannot start.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  describe('fixtures/france-russia', () => {
    let loaded: Loaded;
    beforeAll(async () => {
      loaded = await load('fixtures/france-russia', 'france-russia');
    });

    it('loads from disk with no console error and no request but the file itself', async () => {
      expect(loaded.errors).toEqual([]);
      expect(loaded.requests.every((u) => u.startsWith('file://') && u.endsWith('/france-russia.html'))).toBe(true);
      const csp = await loaded.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toMatch(/unsafe|script-src/);
      expect(await loaded.page.locator('script').count()).toBe(0);
      await loaded.page.screenshot({ path: path.join(ARTIFACTS, 'france-russia-top.png') });
      await loaded.page.locator('#texts section.article').first().screenshot({ path: path.join(ARTIFACTS, 'france-russia-article.png') });
    });

    it('shows every cluster with its kind, in report order', async () => {
      const shown = await loaded.page.$$eval('section.cluster', (els) => els.map((e) => ({ id: e.id, kind: e.getAttribute('data-kind') })));
      expect(shown).toEqual(loaded.report.clusters.map((c) => ({ id: `cluster-${c.id}`, kind: c.kind })));
      const first = loaded.report.clusters[0];
      await loaded.page.locator(`#cluster-${first.id}`).screenshot({ path: path.join(ARTIFACTS, 'france-russia-cluster.png') });
    });

    it('draws the copy graph: one arrow per source → copy outlet pair, one line per undetermined pair', async () => {
      const { report } = loaded;
      const node = (id: string): string => {
        const a = report.articles.find((x) => x.id === id)!;
        return a.outlet ?? baseName(id);
      };
      const arrows = new Set<string>();
      for (const c of report.clusters) for (const e of c.edges ?? []) if (node(e.from) !== node(e.to)) arrows.add(`${node(e.from)} → ${node(e.to)}`);
      expect(arrows.size).toBeGreaterThan(0);
      const titles = await loaded.page.$$eval('svg.graph g.link.directed > title', (els) => els.map((e) => e.textContent ?? ''));
      expect(titles.map((t) => t.slice(0, t.indexOf(':'))).sort()).toEqual([...arrows].sort());
      const lines = new Set<string>();
      for (const p of report.pairs) {
        const [x, y] = [node(p.a), node(p.b)].sort();
        if (!p.direction && x !== y) lines.add(`${x} and ${y}`);
      }
      const dashed = await loaded.page.$$eval('svg.graph g.link.undetermined > title', (els) => els.map((e) => e.textContent ?? ''));
      expect(dashed.map((t) => t.slice(0, t.indexOf(':'))).sort()).toEqual([...lines].sort());
      expect(await loaded.page.locator('svg.graph g.node').count()).toBe(new Set(report.articles.map((a) => node(a.id))).size);
      await loaded.page.locator('figure.graph-figure').screenshot({ path: path.join(ARTIFACTS, 'france-russia-graph.png') });
    });

    it('highlights each passage exactly where its offsets say, with a link from the cluster', async () => {
      const { page, report } = loaded;
      for (const c of report.clusters) {
        for (const [i, m] of c.members.entries()) {
          const key = `${c.id}.${i + 1}`;
          const text = await page.$$eval(`mark[data-m~="${key}"]`, (els) => els.map((e) => e.textContent ?? '').join(''));
          expect(text, key).toBe(m.text);
          const article = report.articles.findIndex((a) => a.id === m.article) + 1;
          expect(await page.locator(`#art-${article} #p-${c.id}-${i + 1}`).count(), key).toBe(1);
          expect(await page.locator(`#cluster-${c.id} a[href="#p-${c.id}-${i + 1}"]`).count(), key).toBe(1);
        }
      }
    });

    it('every link inside the report leads somewhere, and the keyboard reaches the skip link first', async () => {
      const { page } = loaded;
      const missing = await page.$$eval('a[href^="#"]', (els) => els.map((e) => e.getAttribute('href')!.slice(1)).filter((id) => !document.getElementById(id)));
      expect(missing).toEqual([]);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the report');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => location.hash)).toBe('#main');
    });

    it('is built for screen readers: language, one h1, captioned tables, labelled graph and sections', async () => {
      const { page } = loaded;
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.$$eval('table', (els) => els.every((t) => (t.querySelector('caption')?.textContent ?? '').trim() !== ''))).toBe(true);
      expect(await page.$$eval('svg[role="img"]', (els) => els.every((s) => (s.querySelector('title')?.textContent ?? '') !== ''))).toBe(true);
      expect(await page.$$eval('section[aria-labelledby]', (els) => els.every((s) => document.getElementById(s.getAttribute('aria-labelledby')!) !== null))).toBe(true);
    });

    it('prints without the navigation', async () => {
      const { page } = loaded;
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav.toc').isVisible()).toBe(false);
      await page.screenshot({ path: path.join(ARTIFACTS, 'france-russia-print.png') });
      await page.emulateMedia({ media: 'screen' });
    });
  });

  describe('fixtures/hostile-html', () => {
    let loaded: Loaded;
    beforeAll(async () => {
      loaded = await load('fixtures/hostile-html', 'hostile-html');
    });

    it('runs nothing from the articles: no script, handler, image, dialog or request', async () => {
      const { page } = loaded;
      await page.waitForTimeout(300);
      expect(loaded.dialogs).toEqual([]);
      expect(loaded.errors).toEqual([]);
      expect(loaded.requests.every((u) => u.endsWith('/hostile-html.html'))).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(await page.locator('script, img, iframe, object, embed, style:not(head > style)').count()).toBe(0);
      const handlers = await page.$$eval('*', (els) => els.flatMap((e) => e.getAttributeNames().filter((n) => n.startsWith('on'))));
      expect(handlers).toEqual([]);
      const hrefs = await page.$$eval('a[href]', (els) => els.map((e) => e.getAttribute('href')!));
      expect(hrefs.filter((h) => !h.startsWith('#') && !/^https?:\/\//.test(h))).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'hostile-html.png'), fullPage: true });
    });

    it('shows the markup as text', async () => {
      const expected = JSON.parse(readFileSync(path.join(root, 'fixtures/hostile-html/expected.json'), 'utf8')) as { html: { visibleText: string[] } };
      const text = await loaded.page.evaluate(() => document.body.innerText);
      for (const s of expected.html.visibleText) expect(text).toContain(s);
    });

    it('the Content-Security-Policy blocks inline code even if escaping ever failed', async () => {
      const { page } = loaded;
      const violations = await page.evaluate(async () => {
        const seen: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
        document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__pwned = \'injected\'"><a id="js" href="javascript:window.__pwned=\'link\'">x</a>');
        const script = document.createElement('script');
        script.textContent = "window.__pwned = 'script'";
        document.body.append(script);
        (document.getElementById('js') as HTMLAnchorElement).click();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return seen;
      });
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(violations.length).toBeGreaterThan(0);
    });
  });
});
