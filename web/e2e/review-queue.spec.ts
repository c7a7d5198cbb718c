import { expect, test } from '@playwright/test';
import { apiWrite, createCountIndicator, expectAccessible, joinCollaboration, PASSWORD, uniqueEmail } from './support/helpers';

/**
 * A long review queue: a partner submits a year of monthly values at once (twelve partner × period
 * groups). The first ten groups show their values; the others show their count, can be selected
 * whole, and load their values on request. Each value shows the partner's previous one.
 */
test('a long review queue opens its first groups and loads the others on request', async ({ page, context, browser }) => {
  const request = page.request;
  const year = new Date().getFullYear() - 1;
  expect((await request.post('/api/auth/sign-up', { data: { email: uniqueEmail('backbone'), name: 'Amara Okafor', password: PASSWORD } })).status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Northgate Counts',
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
    baseline: { value: '90', period: `${year - 1}-12` },
    target: { value: '300', period: '2030-12' },
  });
  const partner = await joinCollaboration(browser, { context, request }, base, { name: 'Jon Bell', organisationName: 'Northgate Library' });
  await apiWrite(context, request, 'put', `/api${base}/partners/${partner.partnerId}/commitments`, {
    commitments: [{ indicatorId: indicator.id, startPeriod: `${year}-01` }],
  });
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
    await expect(group(month).getByRole('button', { name: 'Show them' })).toBeVisible();
  }
  await expectAccessible(page, 'a long review queue');

  await group('Dec').getByRole('button', { name: 'Show them' }).click();
  await expect(group('Dec').getByRole('cell', { name: /^210 visits/ })).toBeVisible();
  await expect(group('Dec').getByTestId('previous-value')).toHaveText(`Nov ${year} was 200 visits · up 5%`);

  // A closed group is selected whole, without opening it.
  await group('Nov').getByRole('checkbox', { name: `Select every value from Northgate Library for Nov ${year}` }).check();
  await page.getByRole('button', { name: 'Approve selected (1)' }).click();
  await expect(page.getByText('1 value approved.')).toBeVisible();
  await expect(groups).toHaveCount(11);
  await expect(group('Nov')).toHaveCount(0);
});
