import { expect, test } from '@playwright/test';
import { apiWrite, createCountIndicator, expectAccessible, joinCollaboration, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * Conversations: the backbone returns a value with a reason; the partner is notified (bell),
 * opens the value's conversation where the reason comes first, answers with an @mention of the
 * reviewer, corrects the value and resubmits; the reviewer is notified of the mention. Script in a
 * comment stays text. The backbone also discusses an indicator on its page.
 */
test('a returned value is discussed in its conversation, with notifications both ways', async ({ page, context, browser }) => {
  test.setTimeout(240_000); // two people, four pages and four accessibility scans on a shared machine
  const request = page.request;
  const now = new Date();
  const fyYear = now.getMonth() + 1 >= 4 ? now.getFullYear() : now.getFullYear() - 1;
  const q = (n: number) => `Q${n} FY ${fyYear}/${String((fyYear + 1) % 100).padStart(2, '0')}`;

  expect((await request.post('/api/auth/sign-up', { data: { email: uniqueEmail('backbone'), name: 'Amara Okafor', password: PASSWORD } })).status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Eastgate Talks',
    backboneOrganisationName: 'Eastgate Community Trust',
    agenda: {
      problemStatement: 'Too many children in Eastgate start school without the words they need.',
      vision: 'Every child in Eastgate reads with confidence by age seven.',
      principles: ['Families lead.'],
      geography: 'Eastgate',
      form: 'collective_impact',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/London',
      requiresApproval: true,
    },
    goals: [{ title: 'Every child reading with confidence by 2030', description: '', targetDate: '2030-12-31', strategies: [{ name: 'Reading at home', description: '' }] }],
  });
  const base = `/collaborations/${collaboration.id}`;
  const indicator = await createCountIndicator(context, request, collaboration, {
    code: 'READ-03',
    name: 'Children at story time',
    definition: 'Children aged 0–5 who attend at least one story time in the quarter.',
    unit: 'children',
  });
  const accepted = await joinCollaboration(browser, { context, request }, base, { name: 'Jon Bell', organisationName: 'Eastgate Library', sector: 'library_culture' });
  const { context: partnerContext, page: partner } = accepted;
  await apiWrite(context, request, 'put', `/api${base}/partners/${accepted.partnerId}/commitments`, {
    commitments: [{ indicatorId: indicator.id, startPeriod: `FY${fyYear}-Q1` }],
  });
  const submitted = await apiWrite(partnerContext, partner.request, 'post', `/api${base}/values/batch`, {
    values: [{ indicatorId: indicator.id, partnerId: accepted.partnerId, period: `FY${fyYear}-Q1`, value: 480 }],
    submit: true,
  });
  const valueId: string = submitted.values[0].id;

  await test.step('the backbone returns the value with a formatted reason', async () => {
    await page.goto(`${base}/review`);
    const group = page.getByTestId('review-group-Eastgate Library');
    await group.getByRole('checkbox', { name: /Select every value/ }).check();
    await page.getByRole('button', { name: 'Return selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return 1 value' });
    await dialog.getByLabel(/^Reason/).fill('This looks like the **year to date**; give the quarter alone.');
    await dialog.getByRole('button', { name: 'Return to the partner' }).click();
    await expect(page.getByText('1 value returned with your reason.')).toBeVisible();
  });

  await test.step('the partner sees the bell, opens the notification and reads the reason at the top of the conversation', async () => {
    await partner.goto(`${base}/report`);
    const bell = partner.getByRole('button', { name: 'Notifications: 1 unread' });
    await expect(bell).toBeVisible();
    await bell.click();
    const panel = partner.getByRole('dialog', { name: 'Notifications' });
    await expect(panel.getByText(/Amara Okafor returned READ-03 · Children at story time/)).toBeVisible();
    await screenshot(partner, '50-notification-value-returned.png');
    await expectAccessible(partner, 'the notifications panel');
    await panel.getByRole('button', { name: /Amara Okafor returned/ }).click();
    await expect(partner).toHaveURL(new RegExp(`${base}/values/${valueId}$`));
    await expect(partner.getByRole('heading', { level: 1, name: 'Conversation about a value' })).toBeVisible();
    const reason = partner.getByRole('article', { name: 'Return reason by Amara Okafor' });
    await expect(reason.getByText('Returned with this reason')).toBeVisible();
    await expect(reason.locator('strong', { hasText: 'year to date' })).toBeVisible();
    await expect(partner.getByRole('button', { name: 'Notifications: none unread' })).toBeVisible();
  });

  await test.step('the partner replies with an @mention of the reviewer; script stays text', async () => {
    await partner.getByRole('button', { name: 'Reply to Amara Okafor' }).click();
    const box = partner.getByRole('textbox', { name: 'Reply to Amara Okafor' });
    await box.pressSequentially('Thanks @Ama');
    await partner.getByRole('group', { name: 'Mention someone' }).getByRole('button', { name: /@Amara Okafor/ }).click();
    await box.pressSequentially('you are right, I will send Q1 only.');
    await partner.getByRole('button', { name: 'Reply', exact: true }).click();
    const reply = partner.getByRole('article', { name: 'Reply by Jon Bell' });
    await expect(reply.getByText('@Amara Okafor')).toBeVisible();
    await expect(reply).toContainText('you are right, I will send Q1 only.');

    const payload = '<img src=x onerror="window.__xss=1"> [click me](javascript:window.__xss=2)';
    await partner.getByRole('textbox', { name: 'Add a comment' }).fill(payload);
    await partner.getByRole('button', { name: 'Comment', exact: true }).click();
    const hostile = partner.getByRole('article', { name: 'Comment by Jon Bell' });
    await expect(hostile).toContainText('<img src=x onerror="window.__xss=1">');
    await expect(hostile.locator('img')).toHaveCount(0);
    await expect(hostile.getByRole('link')).toHaveCount(0);
    expect(await partner.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await screenshot(partner, '51-value-conversation.png');
    await expectAccessible(partner, 'the value conversation');
  });

  await test.step('the partner corrects the value and resubmits it', async () => {
    await partner.getByRole('link', { name: /Back to reporting/ }).click();
    await expect(partner.getByText('1 value returned to you')).toBeVisible();
    await partner.getByRole('textbox', { name: `READ-03 total, ${q(1)}` }).fill('130');
    await partner.getByRole('button', { name: 'Submit for review' }).click();
    await expect(partner.getByText('1 value submitted for review.')).toBeVisible();
  });

  await test.step('the reviewer is notified of the mention, reads the answer and approves', async () => {
    await page.goto(`${base}/review`);
    const bell = page.getByRole('button', { name: 'Notifications: 1 unread' });
    await expect(bell).toBeVisible();
    await bell.click();
    await page.getByRole('dialog', { name: 'Notifications' }).getByRole('button', { name: /Jon Bell mentioned you/ }).click();
    await expect(page.getByRole('article', { name: 'Reply by Jon Bell' })).toContainText('I will send Q1 only');
    await screenshot(page, '52-reviewer-mentioned.png');
    await page.getByRole('link', { name: 'Back to review' }).click();
    const group = page.getByTestId('review-group-Eastgate Library');
    await expect(group.getByRole('cell', { name: '130 children' })).toBeVisible();
    await group.getByRole('checkbox', { name: /Select every value/ }).check();
    await page.getByRole('button', { name: /Approve selected/ }).click();
    await expect(page.getByText('1 value approved.')).toBeVisible();
    await partner.reload();
    await expect(partner.getByRole('button', { name: 'Notifications: 1 unread' })).toBeVisible();
  });

  await test.step('an indicator has its own conversation', async () => {
    await page.goto(`${base}/indicators/${indicator.id}`);
    await page.getByRole('textbox', { name: 'Add a comment' }).fill('Do we count **siblings** who come along?\n\n- yes if registered\n- no otherwise');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comment = page.getByRole('article', { name: 'Comment by Amara Okafor' });
    await expect(comment.getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('heading', { name: 'Conversation (1 comment)' })).toBeVisible();
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await screenshot(page, '53-indicator-conversation.png');
    await expectAccessible(page, 'the indicator page with its conversation');
  });

  await test.step('the partner keeps approvals in the app only; an unsigned unsubscribe link changes nothing', async () => {
    await partner.getByRole('button', { name: /^Notifications:/ }).click();
    await partner.getByRole('dialog', { name: 'Notifications' }).getByRole('link', { name: 'Email settings' }).click();
    await expect(partner.getByRole('heading', { level: 1, name: 'Email settings' })).toBeVisible();
    const approvals = partner.getByRole('radiogroup', { name: 'Your values approved' });
    await approvals.getByText('No email').click();
    await expect(partner.getByText('Your values approved: no email.')).toBeVisible();
    await partner.reload();
    await expect(partner.getByRole('radiogroup', { name: 'Your values approved' }).getByRole('radio', { name: 'No email' })).toBeChecked();
    await expect(partner.getByRole('radiogroup', { name: 'Mentions of you' }).getByRole('radio', { name: 'Email me' })).toBeChecked();
    await screenshot(partner, '54-email-settings.png');
    await expectAccessible(partner, 'the email settings');

    const stranger = await browser.newPage();
    await stranger.goto(`/unsubscribe?token=${'a'.repeat(30)}.${'b'.repeat(43)}`);
    await stranger.getByRole('button', { name: 'Stop these emails' }).click();
    await expect(stranger.getByRole('alert')).toContainText('This unsubscribe link is not valid any more');
    await stranger.close();
  });
});
