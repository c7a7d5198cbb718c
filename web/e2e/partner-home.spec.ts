import { expect, test, type Page } from '@playwright/test';
import { DEMO, partnerIdOf, signInToDemo, waitForContributions } from './support/demo';
import { choose, expectAccessible, screenshot } from './support/helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

/** A desktop and a phone screenshot of the page as it is. */
async function screenshots(page: Page, desktop: string, phone: string) {
  await screenshot(page, desktop);
  await page.setViewportSize(PHONE);
  await screenshot(page, phone);
  await expectAccessible(page, `${desktop} at phone width`);
  await page.setViewportSize(DESKTOP);
}

test('a partner contributor’s home shows what is due and overdue, the commitments and the contribution', async ({ page }) => {
  test.setTimeout(240_000);
  const cid = await signInToDemo(page, DEMO.contributor);
  const base = `/collaborations/${cid}`;
  const millbrook = await partnerIdOf(page, cid, 'Millbrook Youth Project');
  await waitForContributions(page, cid, millbrook);

  await test.step('"My partner home" is the first entry of a partner’s navigation', async () => {
    await page.goto(base);
    const nav = page.getByRole('navigation', { name: 'Collaboration' });
    const first = nav.getByRole('link').first();
    await expect(first).toHaveText('My partner home');
    await first.click();
    await expect(page).toHaveURL(new RegExp(`${base}/home$`));
    await expect(page.getByRole('heading', { level: 1, name: 'My partner home' })).toBeVisible();
  });

  await test.step('what is due: the two skipped monthly reports are overdue, each with a link into the grid', async () => {
    const due = page.getByTestId('due-list');
    const overdue = due.getByRole('listitem').filter({ hasText: 'Children and young people served by programmes' }).filter({ hasText: 'Overdue' });
    await expect(overdue).toHaveCount(2);
    await expect(overdue.first()).toContainText(/it was due by .* ago/);
    await expect(overdue.first().getByRole('link', { name: /^Report / })).toHaveAttribute('href', new RegExp(`${base}/report\\?year=\\d{4}$`));
    await expect(page.getByText(/A report is due by the last day of the month after its period ends/)).toBeVisible();
  });

  await test.step('my commitments with each report’s status, and my contribution beside the all-partner result', async () => {
    const commitments = page.getByTestId('commitments-table');
    for (const name of ['Children and young people served by programmes', 'Children per key worker', 'Lowest early years setting quality score'])
      await expect(commitments.getByRole('rowheader', { name: new RegExp(name) })).toBeVisible();
    const serve = commitments.getByRole('row').filter({ hasText: 'Children and young people served by programmes' });
    await expect(serve.getByText(/\d+ approved/)).toBeVisible();
    await expect(serve.getByText(/2 missing/)).toBeVisible();

    const contribution = page.getByTestId('contribution-SERVE-01');
    await expect(contribution.getByText('Your organisation')).toBeVisible();
    await expect(contribution.getByText(/^All \d+ partners$/)).toBeVisible();
    await expect(contribution.getByText(/You contributed [\d.]+% of the shared result/)).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Recent wins' })).toBeVisible();
  });

  await expectAccessible(page, 'the partner home');
  await screenshots(page, '30-partner-home.png', '31-partner-home-phone.png');

  await test.step('the link opens the data-entry grid at the year of the report', async () => {
    const link = page.getByTestId('due-list').getByRole('link', { name: /^Report / }).first();
    const href = await link.getAttribute('href');
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${href!.replace('?', '\\?')}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Report data' })).toBeVisible();
  });

  await test.step('the partner sees only its own row of the completeness heatmap', async () => {
    await page.goto(`${base}/completeness`);
    const heatmap = page.getByTestId('completeness-heatmap');
    await expect(heatmap.getByRole('rowheader', { name: 'Millbrook Youth Project' })).toBeVisible();
    await expect(heatmap.getByRole('rowheader')).toHaveCount(2); // its own row and "All partners"
    await expect(page.getByText(/Other partners.* rows are visible only to them and to the backbone/)).toBeVisible();
  });
});

test('the backbone reads the completeness heatmap, a partner’s home and the activities matrix', async ({ page }) => {
  test.setTimeout(240_000);
  const cid = await signInToDemo(page, DEMO.admin);
  const base = `/collaborations/${cid}`;
  const millbrook = await partnerIdOf(page, cid, 'Millbrook Youth Project');
  await waitForContributions(page, cid, millbrook);

  await test.step('heatmap: every committed partner × the last six quarters, missing reports marked in words', async () => {
    await page.goto(base);
    await page.getByRole('link', { name: 'Completeness', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reporting completeness' })).toBeVisible();
    const heatmap = page.getByTestId('completeness-heatmap');
    await expect(heatmap.getByRole('columnheader')).toHaveCount(7);
    await expect(heatmap.getByRole('rowheader', { name: 'Northgate Primary School' })).toBeVisible();
    const row = heatmap.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Millbrook Youth Project' }) });
    await expect(row.locator('td[data-state="missing"]').first()).toBeVisible();
    await expect(row.getByText(/Millbrook Youth Project, .*: Missing of \d+ reports: .*missing/).first()).toBeAttached();
    await expect(page.getByRole('region', { name: 'Key' }).or(page.getByRole('heading', { name: 'Key' })).first()).toBeVisible();
    await expectAccessible(page, 'the completeness heatmap');
    await screenshots(page, '32-completeness-heatmap.png', '33-completeness-heatmap-phone.png');
  });

  await test.step('one indicator by month: the two skipped months are missing, the rest approved', async () => {
    await choose(page, 'Indicator', /^SERVE-01 ·/);
    await expect(page).toHaveURL(/indicator=/);
    const heatmap = page.getByTestId('completeness-heatmap');
    await expect(heatmap.getByRole('columnheader')).toHaveCount(13);
    const row = heatmap.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Millbrook Youth Project' }) });
    await expect(row.locator('td[data-state="missing"]')).toHaveCount(2);
    await expect(row.locator('td[data-state="approved"]').first()).toBeVisible();
  });

  await test.step('the backbone opens a partner’s home from its row of the heatmap', async () => {
    await page.getByTestId('completeness-heatmap').getByRole('link', { name: 'Millbrook Youth Project' }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/partners/${millbrook}/home$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Millbrook Youth Project: partner home' })).toBeVisible();
    await expect(page.getByTestId('due-list').getByText('Overdue').first()).toBeVisible();
    // The backbone does not enter values for partners: no links into the grid.
    await expect(page.getByTestId('due-list').getByRole('link', { name: /^Report / })).toHaveCount(0);
  });

  await test.step('who does what: partners × strategies with the gaps and the overlaps', async () => {
    await page.goto(`${base}/activities?tab=matrix`);
    await page.getByRole('link', { name: 'Open the matrix on its own page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Who does what' })).toBeVisible();
    const findings = page.getByTestId('matrix-findings');
    await expect(findings.getByRole('region', { name: 'Gaps: strategies nobody works on' })).toBeVisible();
    await expect(findings.getByRole('region', { name: 'Overlaps: strategies with several partners' })).toBeVisible();
    await expect(findings.getByRole('region', { name: 'Partners with no activity yet' })).toBeVisible();
    const matrix = page.getByTestId('activity-matrix');
    await expect(matrix.getByRole('rowheader').first()).toBeVisible();
    await expect(matrix.getByRole('columnheader', { name: /Partner/ })).toBeVisible();
    await expectAccessible(page, 'the activities matrix page');
    await screenshots(page, '34-activities-matrix.png', '35-activities-matrix-phone.png');
    // Keyboard: the first activity link in the table takes the focus and opens the activity.
    const firstActivity = matrix.getByRole('link').first();
    await firstActivity.focus();
    await expect(firstActivity).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${base}/activities/[0-9a-f-]{36}$`));
  });
});
