import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { apiWrite, createCountIndicator, expectAccessible, joinCollaboration, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * The review queue at scale and with activities. A partner submits a year of monthly values at once
 * (twelve partner × period groups): the first ten groups show their values, the others show their
 * count, can be selected whole, and load their values on request; each value shows the partner's
 * previous one. A partner attributes a value to one of its activities in the grid; the reviewer
 * sees which activity.
 */
/** A collaboration (calendar years) with a monthly count indicator, and a partner committed to it from January of `from`. */
async function setUp(page: Page, context: BrowserContext, browser: Browser, name: string, from: number) {
  const request = page.request;
  expect((await request.post('/api/auth/sign-up', { data: { email: uniqueEmail('backbone'), name: 'Amara Okafor', password: PASSWORD } })).status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name,
    backboneOrganisationName: 'Northgate Trust',
    agenda: {
      problemStatement: 'Too few families in Northgate use the services meant for them.',
      vision: 'Every family in Northgate knows where to turn.',
      principles: ['Families lead.'],
      geography: 'Northgate',
      form: 'collective_impact',
      fiscalYearStartMonth: 1,
      timeZone: 'Europe/London',
      requiresApproval: true,
    },
    goals: [{ title: 'Every family supported by 2030', description: '', targetDate: '2030-12-31', strategies: [{ name: 'Outreach', description: '' }] }],
  });
  const base = `/collaborations/${collaboration.id}`;
  const indicator = await createCountIndicator(context, request, collaboration, {
    code: 'VISIT-01',
    name: 'Family visits',
    definition: 'Visits to families at home in the month.',
    unit: 'visits',
    periodicity: 'month',
    baseline: { value: '90', period: `${from - 1}-12` },
    target: { value: '300', period: '2030-12' },
  });
  const partner = await joinCollaboration(browser, { context, request }, base, { name: 'Jon Bell', organisationName: 'Northgate Library' });
  await apiWrite(context, request, 'put', `/api${base}/partners/${partner.partnerId}/commitments`, {
    commitments: [{ indicatorId: indicator.id, startPeriod: `${from}-01` }],
  });
  return { base, indicator, partner };
}

test('a long review queue opens its first groups and loads the others on request', async ({ page, context, browser }) => {
  const year = new Date().getFullYear() - 1;
  const { base, indicator, partner } = await setUp(page, context, browser, 'Northgate Counts', year);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  await apiWrite(partner.context, partner.page.request, 'post', `/api${base}/values/batch`, {
    values: months.map((period, i) => ({ indicatorId: indicator.id, partnerId: partner.partnerId, period, value: 100 + i * 10 })),
    submit: true,
  });

  await page.goto(`${base}/review`);
  const groups = page.getByTestId('review-group-Northgate Library');
  await expect(groups).toHaveCount(12);
  const group = (month: string) => groups.filter({ has: page.getByRole('heading', { name: `Northgate Library · ${month} ${year}`, exact: true }) });

  // The first ten show their values (each beside the one before); November and December wait.
  await expect(group('Oct').getByRole('cell', { name: /^190 visits/ })).toBeVisible();
  await expect(group('Oct').getByTestId('previous-value')).toHaveText(`Sep ${year} was 180 visits · up 6%`);
  await expect(group('Jan').getByTestId('previous-value')).toHaveCount(0);
  for (const month of ['Nov', 'Dec']) {
    await expect(group(month).getByRole('table')).toHaveCount(0);
    await expect(group(month).getByRole('button', { name: /^Show the values from/ })).toBeVisible();
  }
  await expectAccessible(page, 'a long review queue');

  await group('Dec').getByRole('button', { name: /^Show the values from/ }).click();
  await expect(group('Dec').getByRole('cell', { name: /^210 visits/ })).toBeVisible();
  await expect(group('Dec').getByTestId('previous-value')).toHaveText(`Nov ${year} was 200 visits · up 5%`);

  // A closed group is selected whole, without opening it.
  await group('Nov').getByRole('checkbox', { name: `Select every value from Northgate Library for Nov ${year}` }).check();
  await page.getByRole('button', { name: 'Approve selected (1)' }).click();
  await expect(page.getByText('1 value approved.')).toBeVisible();
  await expect(groups).toHaveCount(11);
  await expect(group('Nov')).toHaveCount(0);
});

test('a partner reports a value for one of its activities in the grid; the reviewer sees which activity', async ({ page, context, browser }) => {
  const year = new Date().getFullYear();
  const { base, indicator, partner } = await setUp(page, context, browser, 'Northgate Activities', year);
  const activity = await apiWrite(partner.context, partner.page.request, 'post', `/api${base}/activities`, {
    name: 'Doorstep visits',
    status: 'active',
    indicatorIds: [indicator.id],
  });

  const grid = partner.page;
  await grid.goto(`${base}/report`);
  // The partner's own row, then its activity's row on request; a value there is attributed to the activity.
  await grid.getByRole('textbox', { name: `VISIT-01 total, Jan ${year}` }).fill('40');
  await grid.getByRole('button', { name: 'Report by activity (1)' }).click();
  await grid.getByRole('textbox', { name: `VISIT-01 Doorstep visits (activity), Jan ${year}` }).fill('12');
  await grid.getByRole('button', { name: 'Submit for review' }).click();
  await expect(grid.getByText('2 values submitted for review.')).toBeVisible();
  // Reloaded, the activity's row opens by itself: it holds a value.
  await grid.reload();
  await expect(grid.getByRole('textbox', { name: `VISIT-01 Doorstep visits (activity), Jan ${year}` })).toHaveValue('12');
  await expect(grid.getByRole('textbox', { name: `VISIT-01 total, Jan ${year}` })).toHaveValue('40');
  await screenshot(grid, '15-grid-by-activity.png');
  // The activity's page lists the values attributed to it.
  await grid.goto(`${base}/activities/${activity.id}`);
  const attributed = grid.getByRole('table', { name: 'Values attributed to this activity' });
  await expect(attributed.getByRole('row')).toHaveCount(2);
  await expect(attributed.getByRole('cell', { name: '12 visits' })).toBeVisible();
  await expect(attributed.getByText('Submitted')).toBeVisible();

  await page.goto(`${base}/review`);
  const group = page.getByTestId('review-group-Northgate Library');
  await expect(group.getByText('Activity: Doorstep visits')).toBeVisible();
  await group.getByRole('checkbox', { name: 'Select VISIT-01 Total for Doorstep visits' }).check();
  await page.getByRole('button', { name: 'Approve selected (1)' }).click();
  await expect(page.getByText('1 value approved.')).toBeVisible();
  await expect(group.getByText('Activity: Doorstep visits')).toHaveCount(0);
  await expect(group.getByRole('cell', { name: /^40 visits/ })).toBeVisible();
});
