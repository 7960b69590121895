import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { CHROMIUM, launchChromium } from './support/browser.js';
import { Client, newToken, startTestServer, type TestServer } from './support/harness.js';
import { buildReport } from './support/reports.js';

const HOSTILE = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>"><svg onload="window.__xss=1">`;

describe.runIf(prerequisite('Debian chromium', hasBinary(CHROMIUM), 'apt-get install chromium'))(
  'web UI end to end in chromium',
  () => {
    let server: TestServer;
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    let page: Page;
    let work: string;
    let projectUrl: string;
    let projectId: string;
    const dialogs: string[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      work = mkdtempSync(join(tmpdir(), 'chainaudit-e2e-'));
      writeFileSync(
        join(work, 'scope.yaml'),
        `name: e2e chain\ntargets:\n  - { id: geth-1, kind: config, path: ${resolve('test/fixtures-configs/geth-weak.toml')} }\n`,
      );
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
      delete process.env.CHAINAUDIT_TOKEN;
    });

    /** Submits an htmx form whose API call ends in a page reload or redirect. */
    async function submitAndReload(form: string) {
      await Promise.all([page.waitForEvent('load'), page.click(`${form} button[type=submit]`)]);
    }

    async function pushWithCli() {
      const r = await runCli([
        'audit',
        join(work, 'scope.yaml'),
        '--only',
        'configs.*',
        '--no-store',
        '-q',
        '-f',
        'json',
        '-o',
        join(work, 'out'),
        '--push',
        projectUrl,
      ]);
      expect(r.stderr).toMatch(/pushed run/);
      return r;
    }

    it('creates the first admin from the one-time link and signs in', async () => {
      await page.goto(server.firstAdminUrl!);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', 'correct horse battery staple');
      await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]')]);
      await expect(page.textContent('header')).resolves.toContain('admin');
    });

    it('creates a project and a token in the UI, then the CLI pushes a run', async () => {
      await page.fill('input[name=name]', 'Exchange hot wallet chain');
      await submitAndReload('form[hx-post="/api/v1/projects"]');
      await page.click('text=Exchange hot wallet chain');
      projectUrl = page.url();
      projectId = projectUrl.split('/').at(-1)!;

      await page.goto(`${server.url}/tokens`);
      await page.fill('input[name=name]', 'laptop push');
      await page.check('input[name=scopes][value="runs:write"]');
      await page.selectOption('select[name=projectId]', projectId);
      await page.click('form[hx-post="/api/v1/tokens"] button[type=submit]');
      await page.waitForFunction(
        () =>
          document.querySelector('#new-token')?.textContent ||
          !document.querySelector('form .error')?.hasAttribute('hidden'),
      );
      expect(await page.locator('form[hx-post="/api/v1/tokens"] .error').textContent()).toBe('');
      const token = (await page.locator('#new-token').textContent())!;
      expect(token).toMatch(/^cat_/);
      process.env.CHAINAUDIT_TOKEN = token;

      await pushWithCli();
      await page.goto(projectUrl);
      const rows = page.locator('table.responsive tbody tr');
      expect(await rows.count()).toBeGreaterThan(3);
      await expect(page.locator('.state').first().textContent()).resolves.toBe('new');
    });

    it('triages a finding, which keeps its state through the next run', async () => {
      await page.goto(projectUrl);
      await page.locator('table.responsive tbody tr a').first().click();
      const findingUrl = page.url();
      await page.selectOption('select[name=to]', 'in-remediation');
      await page.fill('input[name=note]', 'ticket OPS-7');
      await submitAndReload('#transition');
      await expect(page.locator('td .state').textContent()).resolves.toBe('in-remediation');

      await pushWithCli();
      await page.goto(findingUrl);
      await expect(page.locator('td .state').textContent()).resolves.toBe('in-remediation');

      // marked fixed, but the next run still sees it: a regression reopens it
      await page.selectOption('select[name=to]', 'fixed');
      await submitAndReload('#transition');
      await expect(page.locator('td .state').textContent()).resolves.toBe('fixed');
      await pushWithCli();
      await page.goto(findingUrl);
      await expect(page.locator('td .state').textContent()).resolves.toBe('reopened');
      await expect(page.locator('body').textContent()).resolves.toMatch(/regression: failing again/);
    });

    it('shows the 等保 evaluation table in Chinese', async () => {
      await page.goto(`${projectUrl}/djcp?lang=zh`);
      const head = await page.locator('.djcp th').allTextContents();
      expect(head).toEqual(['类别', '测评项', '实施', '预期效果', '实际测评结果说明', '结果', '达标', '整改建议']);
      expect(await page.locator('.djcp tbody tr').count()).toBe(28);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
      await expect(page.locator('.djcp tbody').textContent()).resolves.toMatch(/未测|符合|不适用/);
      await page.goto(`${projectUrl}?lang=en`);
    });

    it('answers a manual item in the UI and the 等保 table shows it', async () => {
      await page.goto(`${projectUrl}/manual`);
      const item = page.locator('details[data-item="DJCP.P2P.SELF_PROTECTION"]');
      await item.locator('summary').click();
      await item.locator('select[name=verdict]').selectOption('partly-conforming');
      await item.locator('textarea[name=note]').fill('connection limits set on two of three nodes');
      await Promise.all([page.waitForEvent('load'), item.locator('button[type=submit]').click()]);
      await page.goto(`${projectUrl}/djcp`);
      await expect(page.locator('.djcp tbody').textContent()).resolves.toContain(
        'connection limits set on two of three nodes',
      );
    });

    it('does not run script from a hostile node’s strings', async () => {
      const token = await newToken(
        new Client(server.url, {
          cookie: await sessionCookieOf(page),
          csrf: (await page.getAttribute('meta[name=csrf-token]', 'content')) ?? '',
        }),
        ['runs:write'],
        { projectId },
      );
      const report = buildReport(
        'hostile-run',
        [
          {
            checkId: 'evm.rpc.client-version',
            targetId: `node${HOSTILE}`,
            status: 'fail',
            title: `client ${HOSTILE}`,
            message: `web3_clientVersion answered ${HOSTILE}`,
            evidence: [{ label: `label ${HOSTILE}`, value: `value ${HOSTILE}` }],
          },
        ],
        { targets: [{ id: `node${HOSTILE}`, kind: 'evm-node', name: `name ${HOSTILE}`, chain: HOSTILE }] },
      );
      report.run.scopeName = `scope ${HOSTILE}`;
      const res = await new Client(server.url, { token }).post(`/api/v1/projects/${projectId}/runs`, report);
      expect(res.status).toBe(201);

      await page.goto(`${projectUrl}?q=client`);
      await page.locator(`a:has-text("client <img")`).first().click();
      const visited = [
        page.url(),
        `${projectUrl}/runs/${res.body.runId}`,
        `${projectUrl}/djcp?run=${res.body.runId}`,
        `${server.url}/audit-log`,
        projectUrl,
      ];
      for (const url of visited) {
        await page.goto(url);
        await page.waitForTimeout(200);
        expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), url).toBeUndefined();
        expect(await page.locator('main img, main svg[onload], main script').count(), url).toBe(0);
      }
      await page.goto(visited[0]);
      await expect(page.locator('h1').textContent()).resolves.toContain('<img src=x onerror=');
      await expect(page.locator('pre').first().textContent()).resolves.toContain('<script>window.__xss=1</script>');
      expect(dialogs).toEqual([]);
    });

    it('fits a phone screen and a 1280 px one', async () => {
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 844 });
        for (const url of [`${server.url}/`, projectUrl, `${projectUrl}/djcp`]) {
          await page.goto(url);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow, `${url} at ${width}px`).toBeLessThanOrEqual(0);
        }
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(projectUrl);
      await page.screenshot({ path: join(tmpdir(), 'chainaudit-phone.png'), fullPage: false });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(tmpdir(), 'chainaudit-desktop.png'), fullPage: false });
    });
  },
);

async function sessionCookieOf(page: Page): Promise<string> {
  const c = (await page.context().cookies()).find((x) => x.name === '__Host-chainaudit');
  if (!c) throw new Error('not signed in');
  return `${c.name}=${c.value}`;
}
