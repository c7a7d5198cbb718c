import { expect, test } from '@playwright/test';
import { apiWrite, createCountIndicator, expectAccessible, joinCollaboration, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * The live bell: two people in two browser contexts. The backbone mentions the partner in a
 * comment on an indicator; the partner's bell count goes up on the page they already have open,
 * without a reload (it arrives over GET /api/me/events: the bell's fallback poll is minutes away),
 * and a polite live region says so. The partner then puts mentions on the daily digest, in their
 * own time zone and hour.
 */
test('a mention reaches the other person’s bell live; the digest is timed in their zone', async ({ page, context, browser }) => {
  test.setTimeout(240_000);
  const request = page.request;
  expect((await request.post('/api/auth/sign-up', { data: { email: uniqueEmail('backbone'), name: 'Amara Okafor', password: PASSWORD } })).status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Northfield Reads',
    backboneOrganisationName: 'Northfield Community Trust',
    agenda: {
      problemStatement: 'Too few children in Northfield read for pleasure.',
      vision: 'Every child in Northfield reads every day.',
      principles: ['Families lead.'],
      geography: 'Northfield',
      form: 'collective_impact',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/London',
      requiresApproval: false,
    },
    goals: [{ title: 'Reading every day by 2030', description: '', targetDate: '2030-12-31', strategies: [] }],
  });
  const base = `/collaborations/${collaboration.id}`;
  const indicator = await createCountIndicator(context, request, collaboration, {
    code: 'READ-07',
    name: 'Children borrowing books',
    definition: 'Children aged 4–11 who borrowed at least one book in the quarter.',
    unit: 'children',
    baseline: { value: '100', period: 'FY2025' },
    target: { value: '400', period: 'FY2030' },
  });
  const { context: partnerContext, page: partner } = await joinCollaboration(browser, { context, request }, base, {
    name: 'Jon Bell',
    organisationName: 'Northfield Library',
    sector: 'library_culture',
  });

  await test.step('the partner has the indicator open; nothing unread', async () => {
    await partner.goto(`${base}/indicators/${indicator.id}`);
    await expect(partner.getByRole('heading', { level: 1, name: /Children borrowing books/ })).toBeVisible();
    await expect(partner.getByRole('button', { name: 'Notifications: none unread' })).toBeVisible();
  });

  await test.step('the backbone mentions the partner in a comment', async () => {
    await page.goto(`${base}/indicators/${indicator.id}`);
    const box = page.getByRole('textbox', { name: 'Add a comment' });
    await box.pressSequentially('Thanks @Jon');
    await page.getByRole('group', { name: 'Mention someone' }).getByRole('button', { name: /@Jon Bell/ }).click();
    await box.pressSequentially('can the library share its Q1 numbers this week?');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(page.getByRole('article', { name: 'Comment by Amara Okafor' })).toContainText('can the library share its Q1 numbers');
  });

  await test.step('the partner’s bell goes up without a reload, and a live region announces it', async () => {
    const bell = partner.getByRole('button', { name: 'Notifications: 1 unread' });
    await expect(bell).toBeVisible();
    await expect(partner.getByTestId('notifications-live')).toHaveText('1 new notification, 1 unread');
    // Still the same page: the conversation is not re-rendered from a reload.
    await expect(partner.getByRole('article', { name: 'Comment by Amara Okafor' })).toHaveCount(0);
    await bell.click();
    const panel = partner.getByRole('dialog', { name: 'Notifications' });
    await expect(panel.getByRole('button', { name: /Amara Okafor mentioned you/ })).toBeVisible();
    await screenshot(partner, '79-bell-live.png');
    await expectAccessible(partner, 'the bell with a live notification');
    await partner.keyboard.press('Escape');
  });

  await test.step('the partner puts mentions on a daily digest at 18:00 in Auckland', async () => {
    await partner.goto('/settings/notifications');
    await expect(partner.getByRole('heading', { level: 1, name: 'Email settings' })).toBeVisible();
    await expect(partner.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Default: my first collaboration’s (Europe/London)');
    await partner.getByRole('radiogroup', { name: 'Mentions of you' }).getByText('Daily digest').click();
    await expect(partner.getByText('Mentions of you: daily digest.')).toBeVisible();

    const zone = partner.getByRole('combobox', { name: 'Time zone' });
    await zone.click();
    await zone.fill('Auckland');
    await partner.getByRole('option', { name: 'Pacific/Auckland' }).click();
    await expect(partner.getByText('Digest time zone: Pacific/Auckland.')).toBeVisible();
    await partner.getByRole('combobox', { name: 'Send after' }).click();
    await partner.getByRole('option', { name: '18:00' }).click();
    await expect(partner.getByText('Digest sent after 18:00.')).toBeVisible();

    await partner.reload();
    await expect(partner.getByRole('radiogroup', { name: 'Mentions of you' }).getByRole('radio', { name: 'Daily digest' })).toBeChecked();
    await expect(partner.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Pacific/Auckland');
    await expect(partner.getByRole('combobox', { name: 'Send after' })).toHaveValue('18:00');
    await expect(partner.getByTestId('digest-summary')).toHaveText('Mentions of you: one email a day after 18:00 (Pacific/Auckland).');
    await screenshot(partner, '78-notification-settings.png');
    await expectAccessible(partner, 'the email settings with the daily digest');
  });
  await partnerContext.close();
});
