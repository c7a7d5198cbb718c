import { expect, test } from '@playwright/test';
import { apiWrite, PASSWORD, uniqueEmail } from './support/helpers';

const AGENDA = {
  problemStatement: 'Older people in the town are lonely and cut off from services.',
  vision: 'Nobody in the town grows old alone.',
  principles: ['Older people lead.'],
  geography: 'Eastbridge',
  form: 'coalition',
  fiscalYearStartMonth: 1,
  timeZone: 'Europe/London',
  requiresApproval: false,
};

test('sign-in returns to the page asked for; a stale agenda edit is caught; goals can be managed', async ({ page, context }) => {
  const email = uniqueEmail('nell');
  const signUp = await page.request.post('/api/auth/sign-up', { data: { email, name: 'Nell Ng', password: PASSWORD } });
  expect(signUp.status()).toBe(201);
  const collaboration = await apiWrite(context, page.request, 'post', '/api/collaborations', {
    name: 'Eastbridge Connected',
    backboneOrganisationName: 'Eastbridge Age Alliance',
    agenda: AGENDA,
    goals: [],
  });
  const base = `/collaborations/${collaboration.id}`;

  await test.step('a signed-out visitor signs in and comes back to the page', async () => {
    await context.clearCookies();
    await page.goto(`${base}/agenda`);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('do not match an account');
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/agenda$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Common agenda' })).toBeVisible();
  });

  await test.step('saving over a newer version says so and offers to reload', async () => {
    await page.getByRole('button', { name: 'Edit the agenda' }).click();
    await page.getByLabel('Vision').fill('Nobody in Eastbridge grows old alone.');
    // Someone else saves version 2 meanwhile.
    await apiWrite(context, page.request, 'put', `/api${base}/agenda`, { ...AGENDA, geography: 'Eastbridge and district', baseVersion: 1, changeNote: 'Wider area' });
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page.getByText('Someone saved a newer version')).toBeVisible();
    await page.getByRole('button', { name: 'Reload the latest version' }).click();
    await expect(page.getByLabel('Geography')).toHaveValue('Eastbridge and district');
    await expect(page.getByRole('button', { name: 'Save as version 3' })).toBeVisible();
    await page.getByLabel('What changed and why').fill('Clearer vision');
    await page.getByRole('button', { name: 'Save as version 3' }).click();
    await expect(page.getByText('Version 3 is now the current agenda.')).toBeVisible();
    await expect(page.getByTestId('agenda-history').getByText('Wider area')).toBeVisible();
  });

  await test.step('goals and strategies are added, edited and deleted', async () => {
    await page.getByRole('link', { name: 'Goals', exact: true }).click();
    await expect(page.getByText('No goals yet')).toBeVisible();
    await page.getByRole('button', { name: 'Add a goal' }).first().click();
    const goalDialog = page.getByRole('dialog', { name: 'Add a goal' });
    await goalDialog.getByRole('button', { name: 'Add goal' }).click();
    await expect(goalDialog.getByText('Required').first()).toBeVisible();
    await goalDialog.getByRole('textbox', { name: /^Goal/ }).fill('Halve loneliness among over-75s by 2030');
    await goalDialog.getByLabel('Target date').fill('2030-12-31');
    await goalDialog.getByRole('button', { name: 'Add goal' }).click();
    const goal = page.getByRole('article', { name: 'Halve loneliness among over-75s by 2030' });
    await expect(goal).toBeVisible();

    await goal.getByRole('button', { name: 'Add a strategy' }).click();
    const strategyDialog = page.getByRole('dialog');
    await strategyDialog.getByRole('textbox', { name: /^Strategy/ }).fill('Befriending');
    await strategyDialog.getByRole('button', { name: 'Add strategy' }).click();
    await expect(goal.getByText('Befriending')).toBeVisible();

    await goal.getByRole('button', { name: 'Edit goal Halve loneliness among over-75s by 2030' }).click();
    await page.getByRole('dialog', { name: 'Edit goal' }).getByRole('textbox', { name: /^Goal/ }).fill('Halve loneliness among over-75s');
    await page.getByRole('dialog', { name: 'Edit goal' }).getByRole('button', { name: 'Save goal' }).click();
    const renamed = page.getByRole('article', { name: 'Halve loneliness among over-75s' });
    await expect(renamed).toBeVisible();

    await renamed.getByRole('button', { name: 'Delete goal Halve loneliness among over-75s' }).click();
    await page.getByRole('dialog', { name: 'Delete this goal?' }).getByRole('button', { name: 'Delete goal' }).click();
    await expect(page.getByText('No goals yet')).toBeVisible();
  });

  await test.step('a collaboration I am not in is not found, not blank', async () => {
    await page.goto('/collaborations/00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
  });
});
