import { expect, test } from '@playwright/test';
import { apiWrite, expectAccessible, PASSWORD, uniqueEmail } from './support/helpers';

test('the main pages have no serious accessibility violations', async ({ page, context }) => {
  // Some thirty pages, each analysed by axe: well over the default per-test timeout on a busy machine.
  test.setTimeout(300_000);
  const request = page.request;
  const email = uniqueEmail('axe');

  // Public pages, signed out.
  for (const [path, heading] of [
    ['/sign-in', 'Sign in'],
    ['/sign-up', 'Create your account'],
    ['/forgot-password', 'Reset your password'],
    ['/reset-password?token=abcdefghijklmnopqrstuvwxyz', 'Choose a new password'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page, path);
  }

  // A signed-in backbone admin with an empty home page.
  const signUp = await request.post('/api/auth/sign-up', { data: { email, name: 'Ada Axe', password: PASSWORD } });
  expect(signUp.status()).toBe(201);
  await page.goto('/');
  await expect(page.getByText('You are not in a collaboration yet')).toBeVisible();
  await expectAccessible(page, 'the empty home page');

  await page.goto('/collaborations/new');
  await page.getByLabel('Name of the collaboration').fill('Axe Valley Learning Partnership');
  await page.getByLabel('Backbone organisation').fill('Axe Valley Trust');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Step 2 of 4: Common agenda')).toBeVisible();
  await expectAccessible(page, 'the wizard (agenda step)');

  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Axe Valley Learning Partnership',
    backboneOrganisationName: 'Axe Valley Trust',
    agenda: {
      problemStatement: 'Too many young people in the valley leave school without a path into work.',
      vision: 'Every young person in the valley has a good next step after school.',
      principles: ['Young people shape the work.'],
      geography: 'Axe Valley',
      form: 'collective_impact',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/London',
      requiresApproval: true,
    },
    goals: [
      {
        title: 'Nine in ten young people in education, employment or training by 2032',
        description: '',
        targetDate: '2032-09-30',
        strategies: [{ name: 'Mentoring in the last two years of school', description: '' }],
      },
    ],
  });
  const invitation = await apiWrite(context, request, 'post', `/api/collaborations/${collaboration.id}/invitations`, {
    email: uniqueEmail('partner'),
    organisationName: 'Valley Youth Club',
    sector: 'community',
    role: 'partner_admin',
  });
  const base = `/collaborations/${collaboration.id}`;

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Axe Valley Learning Partnership' })).toBeVisible();
  await expectAccessible(page, 'the home page');

  for (const [path, heading] of [
    [base, 'Axe Valley Learning Partnership'],
    [`${base}/agenda`, 'Common agenda'],
    [`${base}/goals`, 'Goals'],
    [`${base}/partners?tab=partners`, 'Partners'],
    [`${base}/partners?tab=invitations`, 'Partners'],
    [`${base}/partners?tab=requests`, 'Partners'],
    [`${base}/partners?tab=members`, 'Partners'],
    [`${base}/partners?tab=commitments`, 'Partners'],
    [`${base}/indicators`, 'Indicators'],
    [`${base}/indicators?tab=dimensions`, 'Indicators'],
    [`${base}/indicators/new`, 'Add an indicator'],
    [`${base}/activities`, 'Activities'],
    [`${base}/activities?tab=matrix`, 'Activities'],
    [`${base}/review`, 'Review'],
    [`${base}/report`, 'Report data'],
    [`${base}/audit`, 'Audit log'],
    [`${base}/settings`, 'Settings'],
    ['/join', 'Join with a code'],
    ['/no-such-page', 'We could not find that page'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading }).first()).toBeVisible();
    await expectAccessible(page, path);
  }

  // The invite modal and the agenda editor.
  await page.goto(`${base}/partners?tab=invitations&invite=1`);
  await expect(page.getByRole('dialog', { name: 'Invite an organisation' })).toBeVisible();
  await expectAccessible(page, 'the invite modal');
  await page.goto(`${base}/agenda`);
  await page.getByRole('button', { name: 'Edit the agenda' }).click();
  await expect(page.getByLabel('What changed and why')).toBeVisible();
  await expectAccessible(page, 'the agenda editor');

  // Dark mode.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => localStorage.setItem('constellation-color-scheme', 'dark'));
  for (const path of [base, `${base}/partners?tab=partners`, `${base}/agenda`, `${base}/indicators`, `${base}/indicators/new`, `${base}/activities`]) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expectAccessible(page, `${path} in dark mode`);
  }
  await page.evaluate(() => localStorage.removeItem('constellation-color-scheme'));
  await page.emulateMedia({ colorScheme: 'light' });

  // The invitation as its recipient sees it, signed out.
  const guest = await page.context().browser()!.newContext();
  const guestPage = await guest.newPage();
  await guestPage.goto(invitation.acceptUrl);
  await expect(guestPage.getByRole('heading', { level: 1 })).toContainText('invites you to join');
  await expectAccessible(guestPage, 'the invitation page');
  await guestPage.goto('/invitations/this-token-does-not-exist-at-all');
  await expect(guestPage.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(guestPage, 'an unknown invitation');
  await guest.close();
});
