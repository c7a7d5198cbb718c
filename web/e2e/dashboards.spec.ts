import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible, screenshot } from './support/helpers';

/**
 * The dashboards over the demo collaboration (seeded by the global setup, rolled up by the built
 * worker): the backbone's overview and indicator page, live updates when a partner's value comes
 * in, and what a partner and a funder see. Screenshots 20–27.
 */
const DEMO_PASSWORD = 'constellation-demo';
const ADMIN = 'admin@riverside.example';
const FUNDER = 'peter.walsh@riversidefoundation.example';
/** Health visiting data lead: the only partner reporting SLT-01 (speech and language waits). */
const HEALTH = 'owen.price@riversidecommunityhealth.example';
const DEMO_NAME = 'Riverside Cradle to Career Partnership';

interface Session {
  context: BrowserContext;
  page: Page;
}

async function signedIn(browser: Browser, email: string): Promise<Session> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.request.post('/api/auth/sign-in', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status(), `sign in as ${email}`).toBe(200);
  return { context, page };
}

async function csrf(context: BrowserContext): Promise<string> {
  return decodeURIComponent(
    (await context.cookies()).find((c) => c.name === 'constellation_csrf')?.value ?? '',
  );
}

async function write(s: Session, path: string, data: unknown) {
  const res = await s.page.request.post(path, {
    data,
    headers: {
      'X-CSRF-Token': await csrf(s.context),
      'Idempotency-Key': `e2e-${Math.random().toString(36).slice(2)}`,
    },
  });
  expect(res.ok(), `POST ${path} answered ${res.status()}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

test.describe.configure({ mode: 'serial' });

test('dashboards: the overview, live updates, the indicator page, for backbone, partner and funder', async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const admin = await signedIn(browser, ADMIN);
  const collabs = await (await admin.page.request.get('/api/collaborations')).json();
  const demo = collabs.items.find((c: { name: string }) => c.name === DEMO_NAME);
  expect(demo, 'the demo collaboration is seeded').toBeTruthy();
  const base = `/collaborations/${demo.id}`;
  const indicators: { id: string; code: string; name: string }[] = (
    await (await admin.page.request.get(`/api${base}/indicators`)).json()
  ).items;
  const slt = indicators.find((i) => i.code === 'SLT-01')!;
  const serve = indicators.find((i) => i.code === 'SERVE-01')!;
  /** Quarterly placements, with age band × gender breakdowns from two employers. */
  const emp = indicators.find((i) => i.code === 'EMP-01')!;

  // The worker rolls the seeded values up after the api starts: wait until progress and wins exist.
  await expect
    .poll(
      async () => {
        const p = await (await admin.page.request.get(`/api${base}/progress?indicatorId=${slt.id}`)).json();
        const w = await (await admin.page.request.get(`/api${base}/wins`)).json();
        return p.items.some((r: { actual: string | null }) => r.actual !== null) && w.items.length > 0;
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(true);

  const { page } = admin;
  await test.step('the backbone’s overview: goals, indicator cards with sparklines, wins, what needs attention', async () => {
    await page.goto(base);
    await expect(page.getByRole('heading', { level: 1, name: DEMO_NAME })).toBeVisible();
    await expect(page.getByTestId('goal-band').first()).toBeVisible();
    await expect(page.getByTestId('indicator-card')).toHaveCount(indicators.length);
    const card = page.locator('[data-indicator="SERVE-01"]');
    await expect(card.getByTestId('card-value')).toHaveText(/children/);
    await expect(card.locator('canvas[data-chart-ready="true"]')).toBeVisible();
    await expect(card.getByTestId('bar-long-term')).toBeVisible();
    await expect(card.getByTestId('card-completeness')).toHaveText(/of \d+ partners reported/);
    await expect(page.getByTestId('wins-feed').getByRole('listitem').first()).toContainText(
      /Milestone met|Long-term target reached/,
    );
    await expect(page.getByTestId('wins-feed')).toContainText('From the reports of');
    const attention = page.getByTestId('attention');
    await expect(attention.getByRole('heading', { name: 'What needs attention' })).toBeVisible();
    await expect(attention).toContainText(/waiting for review/);
    await expect(page.getByRole('button', { name: 'Print report' })).toBeVisible();
    await screenshot(page, '20-overview-backbone.png');
    await expectAccessible(page, 'the backbone’s overview');
  });

  const health = await signedIn(browser, HEALTH);
  await test.step('a partner’s value, approved, reaches the backbone’s open overview without a reload', async () => {
    const card = page.locator('[data-indicator="SLT-01"]');
    const before = (await card.getByTestId('card-value').textContent()) ?? '';
    await expect(page.getByTestId('live-sign')).not.toContainText('Data updated');

    const me = await (await health.page.request.get('/api/me')).json();
    const partnerId = me.memberships.find(
      (m: { collaborationId: string }) => m.collaborationId === demo.id,
    ).partnerId;
    const values = (
      await (
        await health.page.request.get(`/api${base}/values?indicatorId=${slt.id}&partnerId=${partnerId}`)
      ).json()
    ).items as {
      id: string;
      period: string;
      cell: string;
      version: number;
      status: string;
    }[];
    const latest = values
      .filter((v) => v.cell === 'total')
      .sort((a, b) => a.period.localeCompare(b.period))
      .at(-1)!;
    const waiting = async () =>
      Number(/(\d+) values? from/.exec((await page.getByTestId('attention').textContent()) ?? '')?.[1] ?? 0);
    const waitingBefore = await waiting();
    // A new number nobody reported before: 3 weeks' wait.
    const written = await write(health, `/api${base}/values/batch`, {
      values: [
        {
          indicatorId: slt.id,
          partnerId,
          period: latest.period,
          value: '3',
          expectedVersion: latest.version,
        },
      ],
      submit: true,
    });
    const id = written.values[0].id;
    expect(written.values[0].status).toBe('submitted');
    // The partner's submission alone already reaches the open overview: the review count moves.
    await expect(page.getByTestId('live-sign')).toContainText(/Data updated \d\d:\d\d/, { timeout: 30_000 });
    if (latest.status !== 'submitted')
      await expect.poll(waiting, { timeout: 30_000 }).toBe(waitingBefore + 1);
    // This collaboration counts approved values only: the backbone approves (through the api, the page stays open).
    await write(admin, `/api${base}/values/review`, { ids: [id], decision: 'approve' });

    await expect(card.getByTestId('card-value')).toHaveText('3 weeks', { timeout: 60_000 });
    expect(before).not.toBe('3 weeks');
  });

  await test.step('the phone overview', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('indicator-card').first()).toBeVisible();
    await screenshot(page, '21-overview-phone.png');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await test.step('the indicator page: trajectory, month/quarter/year, breakdown, contributions, show the math, exports', async () => {
    await page.goto(`${base}/indicators/${emp.id}?view=progress`);
    await expect(page.getByRole('heading', { level: 1, name: emp.name })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Progress' })).toHaveAttribute('aria-selected', 'true');
    const progress = page.getByRole('region', { name: 'Progress toward the long-term target' });
    await expect(progress.locator('canvas[data-chart-ready="true"]')).toBeVisible();
    const numbers = page.getByTestId('numbers-table');
    // A flow with yearly targets opens by year; a quarterly indicator is never shown by month.
    await expect(numbers.getByRole('row', { name: /^FY \d{4}\/\d\d/ }).first()).toBeVisible();
    await expect(progress.getByText('Month', { exact: true })).toHaveCount(0);
    await progress.getByText('Quarter', { exact: true }).click();
    await expect(numbers.getByRole('row', { name: /^Q\d FY/ }).first()).toBeVisible();
    await expect(numbers.getByRole('row', { name: /^FY \d{4}\/\d\d/ })).toHaveCount(0);

    const breakdown = page.getByTestId('breakdown-table');
    await expect(breakdown).toBeVisible();
    await expect(
      page.getByRole('region', { name: /^Breakdown by/ }).locator('canvas[data-chart-ready="true"]'),
    ).toBeVisible();
    await page.getByText('Side by side', { exact: true }).click();
    await expect(page.getByTestId('contributions-table')).toBeVisible();
    await expect(
      page.getByTestId('contributions-table').getByRole('columnheader', { name: 'All partners' }),
    ).toBeVisible();

    await numbers
      .getByRole('button', { name: /^Show the math for/ })
      .first()
      .click();
    const drawer = page.getByRole('dialog', { name: /How .* was worked out/ });
    await expect(drawer.getByText('The rules')).toBeVisible();
    await expect(drawer.getByRole('table', { name: 'The values that count' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('EMP-01-quarter.csv');
    const text = readFileSync((await csv.path())!, 'utf8').replace(/^\ufeff/, '');
    expect(text.split('\r\n')[0]).toBe(
      'Period,Actual (placements),Target (interpolated),Baseline,Status,Partners reporting',
    );
    expect(
      text
        .split('\r\n')
        .slice(1)
        .every((line) => !/^[=+@]/.test(line)),
    ).toBe(true);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('EMP-01-quarter.png');
    expect(
      readFileSync((await png.path())!)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    await screenshot(page, '22-indicator-backbone.png');
    await expectAccessible(page, 'the indicator page (backbone)');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(progress.locator('canvas[data-chart-ready="true"]')).toBeVisible();
    await screenshot(page, '23-indicator-phone.png');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await test.step('a partner: its own overdue reports, its own line beside the total', async () => {
    const p = health.page;
    await p.goto(base);
    await expect(p.getByTestId('indicator-card').first()).toBeVisible();
    await expect(
      p.getByTestId('attention').getByRole('heading', { name: 'What needs attention' }),
    ).toBeVisible();
    await expect(p.getByRole('button', { name: 'Print report' })).toHaveCount(0);
    await expectAccessible(p, 'the partner’s overview');
    await p.goto(`${base}/indicators/${slt.id}`);
    await expect(p.getByRole('tab', { name: 'Progress' })).toHaveAttribute('aria-selected', 'true');
    await expect(p.getByRole('heading', { name: 'Your contribution to the shared result' })).toBeVisible();
    await expect(
      p.getByTestId('contributions-table').getByRole('columnheader', { name: 'All partners' }),
    ).toBeVisible();
    await expect(p.getByTestId('contributions-table').getByRole('columnheader')).toHaveCount(3);
    await expect(p.locator('canvas[data-chart-ready="true"]').first()).toBeVisible();
    await expectAccessible(p, 'the indicator page (partner)');
    await screenshot(p, '24-indicator-partner.png');
  });

  const funder = await signedIn(browser, FUNDER);
  await test.step('a funder: aggregates only, no partner names, a printable report', async () => {
    const p = funder.page;
    await p.goto(base);
    await expect(p.getByTestId('indicator-card').first()).toBeVisible();
    await expect(p.getByTestId('wins-feed').getByRole('listitem').first()).toBeVisible();
    await expect(p.getByTestId('wins-feed')).not.toContainText('Riverside Community Health');
    await expect(p.getByTestId('attention')).not.toContainText(/overdue|waiting for review/);
    await expect(p.getByRole('button', { name: 'Print report' })).toBeVisible();
    await expectAccessible(p, 'the funder’s overview');
    await screenshot(p, '25-overview-funder.png');
    await p.emulateMedia({ media: 'print' });
    await expect(p.getByRole('button', { name: 'Print report' })).toBeHidden();
    await expect(p.getByRole('navigation', { name: 'Collaboration' })).toBeHidden();
    await screenshot(p, '26-overview-print.png');
    await p.emulateMedia({ media: 'screen' });

    await p.goto(`${base}/indicators/${serve.id}`);
    await expect(p.getByRole('tab', { name: 'Progress' })).toHaveAttribute('aria-selected', 'true');
    await expect(p.locator('canvas[data-chart-ready="true"]').first()).toBeVisible();
    await expect(p.getByTestId('contributions-hidden')).toBeVisible();
    await expect(p.getByTestId('contributions-table')).toHaveCount(0);
    await expect(p.getByRole('button', { name: /^Show the math/ })).toHaveCount(0);
    await expectAccessible(p, 'the indicator page (funder)');
    await screenshot(p, '27-indicator-funder.png');
  });

  await Promise.all([admin.context.close(), health.context.close(), funder.context.close()]);
});
