import { expect, test } from '@playwright/test';
import { DEMO, partnerIdOf, signInToDemo } from './support/demo';
import { expectAccessible, screenshot } from './support/helpers';

/**
 * "A funder cannot reach partner-level data by URL": as the demo funder, open the addresses of
 * partner-level pages and api routes. Pages show a clear "not available" (or the aggregate only),
 * never a blank screen and never a partner's data; the api answers 403 (or aggregates only).
 */
test('a funder cannot reach partner-level data by URL', async ({ page }) => {
  test.setTimeout(180_000);
  const cid = await signInToDemo(page, DEMO.funder);
  const base = `/collaborations/${cid}`;
  const api = `/api${base}`;
  const millbrook = await partnerIdOf(page, cid, 'Millbrook Youth Project');
  const indicators = ((await (await page.request.get(`${api}/indicators`)).json()) as { items: Array<{ id: string; code: string }> }).items;
  const serve = indicators.find((i) => i.code === 'SERVE-01')!;

  // The demo collaboration does not opt in to showing contributions to funders (collaborations.show_contributions_to_funders).
  await test.step('the api refuses every partner-level route with a sentence, and shapes the heatmap to totals', async () => {
    for (const path of [
      `${api}/rollups?scope=partners`,
      `${api}/rollups?scope=partners&indicatorId=${serve.id}`,
      `${api}/rollups/explain?indicatorId=${serve.id}&granularity=year&period=FY2025`,
      `${api}/values`,
      `${api}/values?partnerId=${millbrook}`,
      `${api}/values/review-queue`,
      `${api}/values/export?format=csv`,
      `${api}/partners/${millbrook}/home`,
      `${api}/partners/${millbrook}/import-template?format=csv`,
    ]) {
      const res = await page.request.get(path);
      expect({ path, status: res.status() }).toEqual({ path, status: 403 });
      const body = (await res.json()) as { message: string };
      expect(body.message.length).toBeGreaterThan(10);
      expect(JSON.stringify(body)).not.toContain('Millbrook');
    }
    const matrix = await page.request.get(`${api}/completeness/matrix`);
    expect(matrix.status()).toBe(200);
    const m = (await matrix.json()) as { audience: string; partners: unknown[]; totals: Array<{ expected: number }>; partnersNotListed: number };
    expect(m.audience).toBe('funder');
    expect(m.partners).toEqual([]);
    expect(m.partnersNotListed).toBeGreaterThan(5);
    expect(m.totals.some((t) => t.expected > 0)).toBe(true);
    expect(JSON.stringify(m)).not.toContain(millbrook);
  });

  await test.step('partner-level pages say they are not available: a partner’s home, my home, the review queue', async () => {
    for (const path of [`${base}/partners/${millbrook}/home`, `${base}/home`, `${base}/review`]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: 'This page is not available to you' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Go to my collaborations' })).toBeVisible();
      await expect(page.getByText('Millbrook Youth Project')).toHaveCount(0);
    }
    await screenshot(page, '36-funder-not-available.png');
    await expectAccessible(page, 'the not-available page');
  });

  await test.step('data entry and import explain who reports; no grid, no values', async () => {
    await page.goto(`${base}/report`);
    await expect(page.getByRole('heading', { name: 'Partners report their own data' })).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
    await page.goto(`${base}/import`);
    await expect(page.getByRole('heading', { name: 'Partners import their own data' })).toBeVisible();
  });

  await test.step('the completeness heatmap shows the funder the totals only', async () => {
    await page.goto(`${base}/completeness`);
    await expect(page.getByRole('heading', { level: 1, name: 'Reporting completeness' })).toBeVisible();
    await expect(page.getByText('Funders see how complete reporting is across the collaboration, not which partner reported what.')).toBeVisible();
    const heatmap = page.getByTestId('completeness-heatmap');
    await expect(heatmap.getByRole('rowheader')).toHaveCount(1);
    await expect(heatmap.getByRole('rowheader', { name: 'All partners' })).toBeVisible();
    await expect(heatmap.getByText(/\d+ of \d+/).first()).toBeVisible();
    for (const name of ['Millbrook Youth Project', 'Northgate Primary School', 'Riverside Libraries']) await expect(page.getByText(name)).toHaveCount(0);
    await expectAccessible(page, 'the funder’s completeness page');
    await screenshot(page, '37-funder-completeness.png');
  });

  await test.step('a funder’s navigation has no partner home', async () => {
    await expect(page.getByRole('link', { name: 'My partner home' })).toHaveCount(0);
  });
});
