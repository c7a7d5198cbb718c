import { expect, test } from '@playwright/test';
import { apiWrite, choose, expectAccessible, joinCollaboration, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * Shared measurement end to end: the backbone admin defines an indicator with a milestone and a
 * long-term target; a partner reports a value in its grid and submits it; the backbone approves it.
 */
test('an indicator is defined, reported in the grid, and approved in the review queue', async ({ page, context, browser }) => {
  const request = page.request;
  // The collaboration's year starts in April: periods are fiscal (FY2026-Q1 = Apr–Jun 2026, "Q1 FY 2026/27").
  const now = new Date();
  const fyYear = now.getMonth() + 1 >= 4 ? now.getFullYear() : now.getFullYear() - 1;
  const q = (n: number) => `Q${n} FY ${fyYear}/${String((fyYear + 1) % 100).padStart(2, '0')}`;
  const signUp = await request.post('/api/auth/sign-up', {
    data: { email: uniqueEmail('backbone'), name: 'Amara Okafor', password: PASSWORD },
  });
  expect(signUp.status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Riverside Reads',
    backboneOrganisationName: 'Riverside Community Foundation',
    agenda: {
      problemStatement: 'Too many children in Riverside start school without the words they need.',
      vision: 'Every child in Riverside reads with confidence by age seven.',
      principles: ['Families lead.'],
      geography: 'Riverside',
      form: 'collective_impact',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/London',
      requiresApproval: true,
    },
    goals: [
      {
        title: 'Every child reading with confidence by 2030',
        description: '',
        targetDate: '2030-12-31',
        strategies: [
          { name: 'Reading at home', description: '' },
          { name: 'Early years settings', description: '' },
        ],
      },
    ],
  });
  const base = `/collaborations/${collaboration.id}`;

  await test.step('the backbone admin creates an indicator with a milestone and a long-term target', async () => {
    await page.goto(`${base}/indicators`);
    await expect(page.getByRole('heading', { level: 1, name: 'Indicators' })).toBeVisible();
    await expect(page.getByText('No shared indicators yet')).toBeVisible();
    await page.getByRole('link', { name: 'Add an indicator' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Add an indicator' })).toBeVisible();
    await page.getByRole('textbox', { name: /^Code/ }).fill('READ-01');
    await page.getByRole('textbox', { name: /^Name/ }).fill('Children read to at home every week');
    await page.getByRole('textbox', { name: /^Definition/ }).fill('Children aged 0–5 whose families read with them at least once a week.');
    await page.getByRole('textbox', { name: /^Unit/ }).fill('children');
    await page.getByLabel('Baseline value').fill('120');
    await page.getByLabel('Baseline period').fill('FY2025');
    await page.getByLabel('Target 1 period').fill('FY2030');
    await page.getByLabel('Target 1 value').fill('400');
    await page.getByRole('button', { name: 'Add a milestone' }).click();
    await page.getByLabel('Target 2 period').fill('FY2027');
    await page.getByLabel('Target 2 value').fill('200');
    await expect(page.getByRole('combobox', { name: 'Target 2 kind' })).toHaveValue('Milestone');
    await page.getByRole('button', { name: 'Create indicator' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Children read to at home every week' })).toBeVisible();
    const targets = page.getByTestId('targets-table');
    await expect(targets.getByRole('row', { name: /Baseline FY 2025\/26 120 children/ })).toBeVisible();
    await expect(targets.getByRole('row', { name: /Milestone FY 2027\/28 200 children/ })).toBeVisible();
    await expect(targets.getByRole('row', { name: /Long-term target FY 2030\/31 400 children/ })).toBeVisible();
    await expect(page.getByText('Version 1', { exact: true }).first()).toBeVisible();
    await expect(page.getByText('Indicator READ-01 created.')).toBeHidden({ timeout: 15_000 });
    await screenshot(page, '09-indicator-detail.png');
    await expectAccessible(page, 'the indicator detail page');

    await page.getByRole('link', { name: 'Indicators', exact: true }).click();
    await expect(page.getByTestId('indicator-row-READ-01')).toBeVisible();
  });

  await test.step('the backbone adds the cradle-to-career example set to the goal', async () => {
    await page.getByRole('button', { name: 'Start from an example set' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start from an example set' });
    await expect(dialog.getByRole('radio', { name: /Cradle/i })).toBeChecked();
    await dialog.getByRole('button', { name: 'Import the set' }).click();
    await expect(page.getByText('Example set imported')).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-testid^="indicator-row-"]').nth(3)).toBeVisible();
    await expect(page.getByText('Example set imported')).toBeHidden({ timeout: 15_000 });
    await screenshot(page, '08-indicators.png');
    await expectAccessible(page, 'the indicator catalogue');
    await page.getByRole('tab', { name: 'Breakdowns (dimensions)' }).click();
    await expect(page.getByText(/Used by/).first()).toBeVisible();
  });

  const indicators = await (await request.get(`/api${base}/indicators`)).json();
  const indicatorId: string = indicators.items.find((i: { code: string }) => i.code === 'READ-01').id;

  // A partner joins (through the api: the onboarding test covers the pages).
  const { context: partnerContext, page: partner, partnerId } = await joinCollaboration(browser, { context, request }, base, {
    name: 'Jon Bell',
    organisationName: 'Riverside Library',
    sector: 'library_culture',
  });
  await apiWrite(context, request, 'put', `/api${base}/partners/${partnerId}/commitments`, {
    commitments: [{ indicatorId, startPeriod: `FY${fyYear}-Q1` }],
  });
  const strategyId: string = collaboration.goals[0].strategies[0].id;
  await apiWrite(partnerContext, partner.request, 'post', `/api${base}/activities`, {
    name: 'Bookstart baby sessions',
    status: 'active',
    strategyId,
    indicatorIds: [indicatorId],
  });

  await test.step('the partner pastes two quarters from a spreadsheet, fixes a typo, and submits', async () => {
    await partner.goto(`${base}/report`);
    await expect(partner.getByRole('heading', { level: 1, name: 'Report data' })).toBeVisible();
    const q1 = partner.getByRole('textbox', { name: `READ-01 total, ${q(1)}` });
    const q2 = partner.getByRole('textbox', { name: `READ-01 total, ${q(2)}` });
    await q1.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, '150\t12.5\r\n');
    await expect(q1).toHaveValue('150');
    await expect(q2).toHaveValue('12.5');
    await expect(partner.getByText(`READ-01 ${q(2)}: Value must be a whole number for a count`)).toBeVisible();
    await q2.fill('160');
    await q2.press('ArrowLeft');
    await q2.press('End');
    await q2.press('ArrowRight');
    await expect(partner.getByRole('textbox', { name: `READ-01 total, ${q(3)}` })).toBeFocused();
    await partner.getByRole('button', { name: `Add a comment on READ-01 total, ${q(1)}` }).click();
    await partner.getByRole('textbox', { name: `Comment on READ-01 total, ${q(1)}` }).fill('Includes the summer reading challenge.');
    await partner.keyboard.press('Escape');
    await expect(partner.getByRole('button', { name: `Comment on READ-01 total, ${q(1)}: Includes the summer reading challenge.` })).toBeVisible();
    await screenshot(partner, '10-data-entry-grid.png');
    await expectAccessible(partner, 'the data-entry grid');
    await partner.getByRole('button', { name: 'Submit for review' }).click();
    await expect(partner.getByText('2 values submitted for review.')).toBeVisible();
    await expect(partner.getByTestId('grid-quarter').getByText('Submitted', { exact: true })).toHaveCount(2);
  });

  await test.step('the backbone approves one value and returns the other with a reason', async () => {
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    const groups = page.getByTestId('review-group-Riverside Library');
    await expect(groups).toHaveCount(2);
    const q1 = groups.filter({ has: page.getByRole('heading', { name: `Riverside Library · ${q(1)}` }) });
    const q2 = groups.filter({ has: page.getByRole('heading', { name: `Riverside Library · ${q(2)}` }) });
    await expect(q1.getByRole('cell', { name: '150 children' })).toBeVisible();
    await expect(q1.getByRole('cell', { name: 'Includes the summer reading challenge.' })).toBeVisible();
    // Beside each value, the partner's previous one: Q2 follows Q1.
    await expect(q2.getByTestId('previous-value')).toHaveText(`${q(1)} was 150 children · up 7%`);
    await expect(q1.getByTestId('previous-value')).toHaveCount(0);
    await q1.getByRole('checkbox', { name: /Select every value/ }).check();
    await screenshot(page, '11-review-queue.png');
    await expectAccessible(page, 'the review queue');
    await page.getByRole('button', { name: /Approve selected/ }).click();
    await expect(page.getByText('1 value approved.')).toBeVisible();

    await q2.getByRole('checkbox', { name: /Select every value/ }).check();
    await page.getByRole('button', { name: 'Return selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return 1 value' });
    await dialog.getByRole('button', { name: 'Return to the partner' }).click();
    await expect(dialog.getByText('Tell the partner what to fix.')).toBeVisible();
    await dialog.getByLabel(/^Reason/).fill('This looks like the year to date; give the quarter alone.');
    await dialog.getByRole('button', { name: 'Return to the partner' }).click();
    await expect(page.getByText('1 value returned with your reason.')).toBeVisible();
    await expect(page.getByText('Nothing waiting for review')).toBeVisible();
  });

  await test.step('the partner sees the reason, corrects the value and resubmits; the backbone approves it', async () => {
    await partner.reload();
    await expect(partner.getByText('1 value returned to you')).toBeVisible();
    await expect(partner.getByText(`READ-01 ${q(2)}: This looks like the year to date; give the quarter alone.`)).toBeVisible();
    await expect(partner.getByTestId('grid-quarter').getByText('Returned', { exact: true })).toBeVisible();
    await partner.getByRole('textbox', { name: `READ-01 total, ${q(2)}` }).fill('40');
    await partner.getByRole('button', { name: 'Submit for review' }).click();
    await expect(partner.getByText('1 value submitted for review.')).toBeVisible();

    await page.reload();
    const group = page.getByTestId('review-group-Riverside Library');
    await expect(group.getByRole('cell', { name: '40 children' })).toBeVisible();
    await expect(group.getByTestId('previous-value')).toHaveText(`${q(1)} was 150 children · down 73%`);
    await group.getByRole('button', { name: /History of READ-01/ }).click();
    const history = page.getByRole('dialog', { name: 'History of this value' });
    await expect(history.getByText(/Returned: This looks like the year to date/)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(history).toBeHidden();
    await group.getByRole('checkbox', { name: /Select every value/ }).check();
    await page.getByRole('button', { name: /Approve selected/ }).click();
    await expect(page.getByText('1 value approved.')).toBeVisible();
  });

  await test.step('changing how the indicator adds up over time asks for a recorded recompute', async () => {
    await page.goto(`${base}/indicators/${indicatorId}/edit`);
    await choose(page, /^Over time/, /^Last value/);
    await page.getByLabel('What changed and why').fill('The count is a stock at quarter end.');
    await page.getByRole('button', { name: 'Save indicator' }).click();
    const confirm = page.getByRole('dialog', { name: 'Change the meaning of reported values?' });
    await expect(confirm.getByText(/Values have already been reported for this indicator/)).toBeVisible();
    await confirm.getByRole('button', { name: 'Record the change and recompute' }).click();
    await expect(page.getByText('Version 2', { exact: true }).first()).toBeVisible();
    await expect(page.getByText('Recomputed', { exact: true })).toBeVisible();
    await expect(page.getByText('The count is a stock at quarter end.')).toBeVisible();
  });

  await test.step('an edit based on an old version is caught and the latest version reloaded', async () => {
    await page.goto(`${base}/indicators/${indicatorId}/edit`);
    await expect(page.getByRole('textbox', { name: /^Name/ })).toHaveValue('Children read to at home every week');
    const latest = await (await request.get(`/api${base}/indicators/${indicatorId}`)).json();
    await apiWrite(context, request, 'patch', `/api${base}/indicators/${indicatorId}`, {
      version: latest.version,
      dataSource: 'Library membership system',
      changeNote: 'Source named.',
    });
    await page.getByRole('textbox', { name: /^Name/ }).fill('Children read to at home each week');
    await page.getByRole('button', { name: 'Save indicator' }).click();
    await expect(page.getByText('This indicator changed while you were editing')).toBeVisible();
    await page.getByRole('button', { name: 'Reload the latest version' }).click();
    await expect(page.getByRole('textbox', { name: /^Data source/ })).toHaveValue('Library membership system');
    await expect(page.getByRole('textbox', { name: /^Name/ })).toHaveValue('Children read to at home every week');
  });

  await test.step('the backbone closes the quarter; the partner can no longer change it', async () => {
    await page.goto(`${base}/review`);
    await page.getByLabel('Period to close').fill(`FY${fyYear}-Q1`);
    await page.getByRole('button', { name: 'Close period' }).click();
    await expect(page.getByText(`${q(1)} is closed.`)).toBeVisible();
    await expect(page.getByRole('button', { name: `Reopen ${q(1)}` })).toBeVisible();
    await partner.reload();
    await partner.getByRole('textbox', { name: `READ-01 total, ${q(1)}` }).fill('155');
    await partner.getByRole('button', { name: /Save draft/ }).click();
    await expect(partner.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toContainText('closed');
  });

  await test.step('the partner sees the value approved; the matrix shows who does what', async () => {
    await partner.reload();
    await expect(partner.getByTestId('grid-quarter').getByText('Approved', { exact: true })).toHaveCount(2);
    await page.goto(`${base}/activities?tab=matrix`);
    const matrix = page.getByTestId('activity-matrix');
    await expect(matrix.getByRole('link', { name: 'Bookstart baby sessions' })).toBeVisible();
    await expect(matrix.getByText('Gap: nobody yet')).toBeVisible();
    await screenshot(page, '12-activities-matrix.png');
    await expectAccessible(page, 'the activities matrix');
    await page.goto(`${base}/partners?tab=commitments`);
    await expect(page.getByTestId('commitments-Riverside Library').getByText('READ-01 · Children read to at home every week')).toBeVisible();
    await expectAccessible(page, 'the commitments tab');
  });
  await partnerContext.close();
});
