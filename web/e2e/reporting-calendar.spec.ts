import { expect, test } from '@playwright/test';
import { Queue } from 'bullmq';
import { apiWrite, createCountIndicator, expectAccessible, joinCollaboration, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The reporting calendar: the backbone sets when monthly reports are due and when partners are
 * reminded, gives one period its own due date, and sees who was reminded (with each email's state);
 * the partner sees its due dates and its reminders.
 */
test('the backbone sets the reporting calendar and sees who was reminded; the partner sees its due dates', async ({ page, context, browser }) => {
  test.setTimeout(150_000);
  const request = page.request;
  const now = new Date();
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const lastMonthDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const lastMonth = lastMonthDate.toISOString().slice(0, 7);
  const lastMonthLabel = lastMonthDate.toLocaleString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

  expect((await request.post('/api/auth/sign-up', { data: { email: uniqueEmail('backbone'), name: 'Nadia Haddad', password: PASSWORD } })).status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Northfield Youth Pathways',
    backboneOrganisationName: 'Northfield Community Foundation',
    agenda: {
      problemStatement: 'Too many young people in Northfield leave school without a next step.',
      vision: 'Every young person in Northfield has a next step after school.',
      principles: ['Young people lead.'],
      geography: 'Northfield',
      form: 'collective_impact',
      fiscalYearStartMonth: 1,
      timeZone: 'UTC',
      requiresApproval: true,
    },
    goals: [{ title: 'Every school leaver with a next step', description: '', targetDate: '2030-12-31', strategies: [] }],
  });
  const base = `/collaborations/${collaboration.id}`;
  const indicator = await createCountIndicator(context, request, collaboration, {
    code: 'MENTOR-01',
    name: 'Young people mentored',
    definition: 'Young people who met a mentor at least twice in the month.',
    unit: 'young people',
    periodicity: 'month',
    baseline: { value: '40', period: '2025-01' },
    target: { value: '120', period: '2030-12' },
  });
  const accepted = await joinCollaboration(browser, { context, request }, base, { name: 'Sam Okoye', organisationName: 'Northfield Mentoring Network', sector: 'education' });
  const { context: partnerContext, page: partner } = accepted;
  await apiWrite(context, request, 'put', `/api${base}/partners/${accepted.partnerId}/commitments`, {
    commitments: [{ indicatorId: indicator.id, startPeriod: '2025-01' }],
  });

  await page.setViewportSize(DESKTOP);
  await test.step('the backbone opens the reporting calendar from the navigation', async () => {
    await page.goto(base);
    await page.getByRole('navigation', { name: 'Collaboration' }).getByRole('link', { name: 'Reporting calendar' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reporting calendar' })).toBeVisible();
    await expect(page.getByText(/A report is due by the last day of the month after its period ends/)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Next due dates' })).toBeVisible();
  });

  const monthly = page.getByRole('group', { name: 'Monthly reports' });
  await test.step('bad input is named on its field, and nothing is saved', async () => {
    await monthly.getByLabel('Overdue reminders, days after the due date').fill('3, 3');
    await page.getByRole('button', { name: 'Save the calendar' }).click();
    await expect(monthly.getByText('must not repeat a day')).toBeVisible();
  });

  await test.step('monthly reports due on the period’s last day, an overdue reminder a day later, from midnight', async () => {
    await monthly.getByRole('combobox', { name: 'Due' }).click();
    await page.getByRole('option', { name: 'A number of days after the period ends' }).click();
    await monthly.getByLabel('Days after the period ends').fill('0');
    await monthly.getByLabel('Reminder, days before the due date (0 = none)').fill('0');
    await monthly.getByLabel('Overdue reminders, days after the due date').fill('1');
    await page.getByLabel(/Send a reminder day’s reminders from|Send a reminder day's reminders from/).fill('0');
    await page.getByRole('button', { name: 'Save the calendar' }).click();
    await expect(page.getByText('The reporting calendar is saved.')).toBeVisible();
    await expect(page.getByText(/A monthly report is due on the last day of its period\./)).toBeVisible();
  });

  await test.step(`${lastMonth} gets its own due date: yesterday, so its overdue reminder is due today`, async () => {
    await page.getByRole('textbox', { name: /^Period/ }).fill(lastMonth);
    await page.getByRole('textbox', { name: /^Due date/ }).fill(yesterday);
    await page.getByRole('button', { name: 'Set the due date' }).click();
    const overrides = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'By the rule' }) });
    await expect(overrides.getByRole('row').filter({ hasText: yesterday })).toContainText(lastMonthLabel);
  });
  await expectAccessible(page, 'the reporting calendar');
  await screenshot(page, '73-reporting-calendar.png');

  await test.step('the worker’s reminder run reminds the partner once; the backbone sees it with the email’s state', async () => {
    // The scheduled run every REMINDER_INTERVAL_MINUTES, enqueued now (twice: it reminds once).
    const queue = new Queue('reminders', { connection: { url: REDIS_URL }, prefix: process.env.E2E_QUEUE_PREFIX });
    try {
      await queue.addBulk([
        { name: 'run', data: { collaborationId: collaboration.id } },
        { name: 'run', data: { collaborationId: collaboration.id } },
      ]);
    } finally {
      await queue.close();
    }
    const reminders = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Reminded' }) });
    await expect(async () => {
      await page.reload();
      // No SMTP server in this run: the email is recorded as not delivered, visibly.
      await expect(reminders.getByRole('row').filter({ hasText: 'Northfield Mentoring Network' })).toContainText(/Email (not delivered|sent)/, { timeout: 2000 });
    }).toPass({ timeout: 60_000 });
    const rows = reminders.getByRole('row').filter({ hasText: 'Northfield Mentoring Network' });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('Overdue, 1 day after');
    await expect(rows).toContainText('MENTOR-01');
    await expect(rows).toContainText('Sam Okoye');
    await expect(rows).toContainText(yesterday);
  });
  await page.getByRole('heading', { name: 'Reminders sent' }).scrollIntoViewIfNeeded();
  await expectAccessible(page, 'the reminders sent');
  await screenshot(page, '74-reminders-sent.png');

  await test.step('the partner sees its due dates and its reminder (and the notification in the bell), but no settings', async () => {
    await partner.setViewportSize(DESKTOP);
    await partner.goto(`${base}/reporting-calendar`);
    await expect(partner.getByRole('heading', { level: 1, name: 'Reporting calendar' })).toBeVisible();
    await expect(partner.getByRole('columnheader', { name: 'Your reports not sent yet' })).toBeVisible();
    await expect(partner.getByRole('button', { name: 'Save the calendar' })).toHaveCount(0);
    const mine = partner.getByRole('table').filter({ has: partner.getByRole('columnheader', { name: 'Reminded' }) });
    await expect(mine.getByRole('row').filter({ hasText: 'MENTOR-01' })).toHaveCount(1);
    await expect(mine.getByRole('columnheader', { name: 'Partner' })).toHaveCount(0);
    const list = await partner.request.get('/api/me/notifications');
    const items = ((await list.json()) as { items: Array<{ kind: string; title: string; link: string }> }).items.filter((n) => n.kind === 'reminder');
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toContain('overdue');
    expect(items[0]!.link).toBe(`${base}/report?year=${lastMonth.slice(0, 4)}`);
    await expectAccessible(partner, 'the partner’s reporting calendar');
    await screenshot(partner, '76-reporting-calendar-partner.png');
    await partner.setViewportSize(PHONE);
    await screenshot(partner, '75-reporting-calendar-phone.png');
    await expectAccessible(partner, 'the reporting calendar at phone width');
  });
  await partnerContext.close();
});
