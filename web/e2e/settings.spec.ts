import { expect, test } from '@playwright/test';
import { apiWrite, expectAccessible, PASSWORD, uniqueEmail } from './support/helpers';

test('the backbone admin shows contributions to funders and changes the status bands in Settings', async ({ page, context }) => {
  const request = page.request;
  const signUp = await request.post('/api/auth/sign-up', {
    data: { email: uniqueEmail('settings'), name: 'Sam Settings', password: PASSWORD },
  });
  expect(signUp.status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Brook Valley Early Years',
    backboneOrganisationName: 'Brook Valley Trust',
    agenda: {
      problemStatement: 'Too few children in the valley start school ready to learn.',
      vision: 'Every child in the valley starts school ready to learn.',
      principles: [],
      geography: 'Brook Valley',
      form: 'collective_impact',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/London',
      requiresApproval: false,
    },
    goals: [],
  });

  await page.goto(`/collaborations/${collaboration.id}/settings`);
  await expect(page.getByRole('heading', { level: 2, name: 'Dashboards and progress' })).toBeVisible();
  const share = page.getByRole('switch', { name: /Show each partner’s contribution to funders/ });
  const onTrack = page.getByRole('textbox', { name: 'On track from' });
  const atRisk = page.getByRole('textbox', { name: 'At risk from' });
  await expect(share).not.toBeChecked();
  await expect(onTrack).toHaveValue('95%');
  await expect(atRisk).toHaveValue('80%');
  await expectAccessible(page, 'the settings page');

  // An at-risk band above the on-track band is refused on the field, before anything is sent.
  await atRisk.fill('97');
  await page.getByRole('button', { name: 'Save dashboard settings' }).click();
  await expect(page.getByText('Must not be above the on-track band')).toBeVisible();
  await expect(atRisk).toHaveAttribute('aria-invalid', 'true');

  await share.check();
  await onTrack.fill('90');
  await atRisk.fill('60');
  await page.getByRole('button', { name: 'Save dashboard settings' }).click();
  await expect(page.getByText(/Every indicator’s status is being recalculated/)).toBeVisible();

  const detail = await (await request.get(`/api/collaborations/${collaboration.id}`)).json();
  expect(detail.settings).toEqual({ showContributionsToFunders: true, statusBands: { onTrack: 0.9, atRisk: 0.6 } });
  await page.reload();
  await expect(page.getByRole('switch', { name: /Show each partner’s contribution to funders/ })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'On track from' })).toHaveValue('90%');
});
