import { expect, test } from '@playwright/test';
import { apiWrite, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * Shared measurement end to end: the backbone admin defines an indicator with a milestone and a
 * long-term target; a partner reports a value in its grid and submits it; the backbone approves it.
 */
test('an indicator is defined, reported in the grid, and approved in the review queue', async ({ page, context, browser }) => {
  const request = page.request;
  const year = new Date().getFullYear();
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
      fiscalYearStartMonth: 1,
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
    await page.getByLabel('Baseline period').fill('2025');
    await page.getByLabel('Target 1 period').fill('2030');
    await page.getByLabel('Target 1 value').fill('400');
    await page.getByRole('button', { name: 'Add a milestone' }).click();
    await page.getByLabel('Target 2 period').fill('2027');
    await page.getByLabel('Target 2 value').fill('200');
    await expect(page.getByRole('combobox', { name: 'Target 2 kind' })).toHaveValue('Milestone');
    await page.getByRole('button', { name: 'Create indicator' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Children read to at home every week' })).toBeVisible();
    const targets = page.getByTestId('targets-table');
    await expect(targets.getByRole('row', { name: /Baseline 2025 120 children/ })).toBeVisible();
    await expect(targets.getByRole('row', { name: /Milestone 2027 200 children/ })).toBeVisible();
    await expect(targets.getByRole('row', { name: /Long-term target 2030 400 children/ })).toBeVisible();
    await expect(page.getByText('Version 1', { exact: true }).first()).toBeVisible();
    await screenshot(page, '09-indicator-detail.png');

    await page.getByRole('link', { name: 'Indicators', exact: true }).click();
    await expect(page.getByTestId('indicator-row-READ-01')).toBeVisible();
    await screenshot(page, '08-indicators.png');
  });

  const indicators = await (await request.get(`/api${base}/indicators`)).json();
  const indicatorId: string = indicators.items[0].id;

  // A partner joins (through the api: the onboarding test covers the pages).
  const partnerEmail = uniqueEmail('partner');
  const invitation = await apiWrite(context, request, 'post', `/api${base}/invitations`, {
    email: partnerEmail,
    organisationName: 'Riverside Library',
    sector: 'library_culture',
    role: 'partner_admin',
  });
  const partnerContext = await browser.newContext();
  const partner = await partnerContext.newPage();
  expect((await partner.request.post('/api/auth/sign-up', { data: { email: partnerEmail, name: 'Jon Bell', password: PASSWORD } })).status()).toBe(201);
  const token = new URL(invitation.acceptUrl).pathname.split('/').pop();
  const accepted = await apiWrite(partnerContext, partner.request, 'post', `/api/invitations/${token}/accept`, { endorsedAgendaVersion: 1 });
  const partnerId: string = accepted.partnerId;
  await apiWrite(context, request, 'put', `/api${base}/partners/${partnerId}/commitments`, {
    commitments: [{ indicatorId, startPeriod: `${year}-Q1` }],
  });
  const strategyId: string = collaboration.goals[0].strategies[0].id;
  await apiWrite(partnerContext, partner.request, 'post', `/api${base}/activities`, {
    name: 'Bookstart baby sessions',
    status: 'active',
    strategyId,
    indicatorIds: [indicatorId],
  });

  await test.step('the partner enters a value in its grid and submits it', async () => {
    await partner.goto(`${base}/report`);
    await expect(partner.getByRole('heading', { level: 1, name: 'Report data' })).toBeVisible();
    const cell = partner.getByRole('textbox', { name: `READ-01 total, Q1 ${year}` });
    await cell.fill('12.5');
    await expect(partner.getByText('Must be a whole number for a count', { exact: false }).first()).toBeVisible();
    await cell.fill('150');
    await cell.press('ArrowRight');
    await expect(partner.getByRole('textbox', { name: `READ-01 total, Q2 ${year}` })).toBeFocused();
    await screenshot(partner, '10-data-entry-grid.png');
    await partner.getByRole('button', { name: 'Submit for review' }).click();
    await expect(partner.getByText('1 value submitted for review.')).toBeVisible();
    await expect(partner.getByTestId('grid-quarter').getByText('Submitted', { exact: true })).toBeVisible();
  });

  await test.step('the backbone approves it in the review queue', async () => {
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    const group = page.getByTestId('review-group-Riverside Library');
    await expect(group.getByRole('heading', { name: `Riverside Library · Q1 ${year}` })).toBeVisible();
    await expect(group.getByRole('cell', { name: '150 children' })).toBeVisible();
    await group.getByRole('checkbox', { name: /Select every value/ }).check();
    await screenshot(page, '11-review-queue.png');
    await page.getByRole('button', { name: /Approve selected/ }).click();
    await expect(page.getByText('1 value approved.')).toBeVisible();
    await expect(page.getByText('Nothing waiting for review')).toBeVisible();
  });

  await test.step('the partner sees the value approved; the matrix shows who does what', async () => {
    await partner.reload();
    await expect(partner.getByTestId('grid-quarter').getByText('Approved', { exact: true })).toBeVisible();
    await page.goto(`${base}/activities?tab=matrix`);
    const matrix = page.getByTestId('activity-matrix');
    await expect(matrix.getByRole('link', { name: 'Bookstart baby sessions' })).toBeVisible();
    await expect(matrix.getByText('Gap: nobody yet')).toBeVisible();
    await screenshot(page, '12-activities-matrix.png');
  });
  await partnerContext.close();
});
