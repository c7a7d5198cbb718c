import { expect, test } from '@playwright/test';
import { choose, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * The core onboarding story, end to end through the real api:
 * a backbone admin creates a collaboration with the wizard and invites a partner organisation;
 * the partner signs up from the invitation, reads and endorses the agenda, and joins;
 * the admin sees the partner as active and endorsing the current agenda.
 */
test('a backbone admin creates a collaboration and onboards a partner organisation', async ({ page, browser }) => {
  const adminEmail = uniqueEmail('amara');
  const partnerEmail = uniqueEmail('jon');
  const collaborationName = 'Riverside Ready for School';
  const partnerOrg = 'Northside Family Hub';
  const vision = 'Every child in Riverside starts school happy, healthy and ready to learn.';

  await test.step('the admin signs up', async () => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
    await page.getByLabel('Your name').fill('Amara Okafor');
    await page.getByLabel('Email').fill(adminEmail);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await screenshot(page, '01-sign-up.png');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'My collaborations' })).toBeVisible();
    await expect(page.getByText('You are not in a collaboration yet')).toBeVisible();
  });

  let collaborationUrl = '';
  await test.step('the admin creates a collaboration with the wizard', async () => {
    await page.getByRole('link', { name: 'Create a collaboration' }).first().click();
    await expect(page.getByRole('heading', { name: 'Create a collaboration' })).toBeVisible();

    // Step 1: name and backbone organisation (Next checks them with the shared schema first).
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Required').first()).toBeVisible();
    await page.getByLabel('Name of the collaboration').fill(collaborationName);
    await page.getByLabel('Backbone organisation').fill('Riverside Community Foundation');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: the common agenda.
    await expect(page.getByText('Step 2 of 4: Common agenda')).toBeVisible();
    await page
      .getByLabel('The problem')
      .fill(
        'One in three Riverside children starts school without the early language, health and social skills they need, and the gap widens every year after.',
      );
    await page.getByLabel('Vision').fill(vision);
    await page.getByRole('button', { name: 'Add a principle' }).click();
    await page.getByRole('textbox', { name: 'Principle 1' }).fill('Families are partners, not clients.');
    await page.getByRole('button', { name: 'Add a principle' }).click();
    await page.getByRole('textbox', { name: 'Principle 2' }).fill('We share our data and learn from it together.');
    await page.getByLabel('Geography').fill('The London Borough of Riverside');
    await choose(page, /Fiscal year starts in/, 'April');
    await screenshot(page, '02-create-wizard-agenda.png');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 3: one goal with a strategy.
    await expect(page.getByText('Step 3 of 4: Goals')).toBeVisible();
    await page.getByRole('button', { name: 'Add a goal' }).click();
    await page.getByRole('textbox', { name: /^Goal/ }).fill('Every child ready for school by 2030');
    await page.getByLabel('Target date').fill('2030-07-31');
    await page.getByRole('button', { name: 'Add a strategy' }).click();
    await page.getByRole('textbox', { name: /^Strategy 1\s*\*?$/ }).fill('Support parents in the early years');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 4: review, then create.
    await expect(page.getByText('Step 4 of 4: Review')).toBeVisible();
    await expect(page.getByText('Every child ready for school by 2030')).toBeVisible();
    await expect(page.getByText('Support parents in the early years')).toBeVisible();
    await page.getByRole('button', { name: 'Create collaboration' }).click();

    await expect(page).toHaveURL(/\/collaborations\/[0-9a-f-]{36}$/);
    collaborationUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1, name: collaborationName })).toBeVisible();
    await expect(page.getByTestId('agenda-vision')).toHaveText(vision);
    await expect(page.getByText('Every child ready for school by 2030')).toBeVisible();
    await expect(page.getByTestId('join-code')).toHaveText(/^[A-Z0-9]{8}$/);
    await expect(page.getByText('No partner organisations yet.')).toBeVisible();
    await screenshot(page, '03-overview.png');
  });

  let acceptUrl = '';
  await test.step('the admin invites a partner organisation and copies the accept link', async () => {
    await page.getByRole('link', { name: 'Invite partners' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite an organisation' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Email').fill(partnerEmail);
    await expect(dialog.getByRole('radio', { name: /Partner admin/ })).toBeChecked();
    await dialog.getByLabel('Organisation', { exact: false }).first().fill(partnerOrg);
    await choose(page, /Sector/, 'Education');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();

    const sent = page.getByRole('dialog', { name: 'Invitation sent' });
    await expect(sent.getByText('Invitation sent', { exact: true }).last()).toBeVisible();
    acceptUrl = await sent.getByLabel('Accept link').inputValue();
    expect(acceptUrl).toMatch(/\/invitations\/[A-Za-z0-9_-]+$/);
    await screenshot(page, '04-invite.png');
    await sent.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('cell', { name: partnerEmail, exact: true })).toBeVisible();
  });

  const partnerContext = await browser.newContext();
  const partner = await partnerContext.newPage();
  await test.step('the partner signs up from the invitation, reads the agenda, endorses it and joins', async () => {
    await partner.goto(acceptUrl);
    await expect(partner.getByRole('heading', { level: 1, name: `Amara Okafor invites you to join ${collaborationName}` })).toBeVisible();
    await expect(partner.getByText(vision)).toBeVisible();
    await expect(partner.getByText('Every child ready for school by 2030')).toBeVisible();

    await partner.getByRole('link', { name: 'Create an account' }).click();
    await expect(partner.getByLabel('Email')).toHaveValue(partnerEmail);
    await partner.getByLabel('Your name').fill('Jon Bell');
    await partner.getByLabel(/^Password/).fill(PASSWORD);
    await partner.getByRole('button', { name: 'Create account' }).click();

    // Back on the invitation, now signed in.
    await expect(partner).toHaveURL(new RegExp(`${new URL(acceptUrl).pathname}$`));
    const endorse = partner.getByRole('checkbox', { name: 'I have read and endorse this common agenda (version 1)' });
    await expect(endorse).toBeVisible();
    const accept = partner.getByRole('button', { name: 'Accept and join' });
    await expect(accept).toBeDisabled();
    await endorse.check();
    await screenshot(partner, '05-invitation-accept.png');
    await accept.click();

    await expect(partner).toHaveURL(new RegExp(`${collaborationUrl}$`));
    await expect(partner.getByRole('heading', { level: 1, name: collaborationName })).toBeVisible();
    await expect(partner.getByText('Your role: Partner admin')).toBeVisible();
  });

  await test.step('the admin sees the partner as active and endorsing the current agenda', async () => {
    await page.getByRole('link', { name: 'Partners', exact: true }).click();
    await page.getByRole('tab', { name: 'Partners' }).click();
    const row = page.getByTestId(`partner-row-${partnerOrg}`);
    await expect(row).toBeVisible();
    await expect(row.getByText('Active', { exact: true })).toBeVisible();
    await expect(row.getByText('Endorses current agenda')).toBeVisible();
    await screenshot(page, '06-partners-active.png');
  });

  await test.step('the admin revises the agenda; the partner endorses the new version', async () => {
    await page.getByRole('link', { name: 'Agenda', exact: true }).click();
    await page.getByRole('button', { name: 'Edit the agenda' }).click();
    await page.getByRole('button', { name: 'Add a principle' }).click();
    await page.getByRole('textbox', { name: 'Principle 3' }).fill('We celebrate small wins on the way to the big goal.');
    await page.getByLabel('What changed and why').fill('Added a principle agreed at the March steering group.');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page.getByText('Version 2 is now the current agenda.')).toBeVisible();

    await partner.getByRole('link', { name: 'Agenda', exact: true }).click();
    await expect(partner.getByText('Your organisation has not endorsed this agenda')).toBeVisible();
    await partner.getByRole('button', { name: 'Endorse version 2' }).click();
    await expect(partner.getByText(`${partnerOrg} now endorses version 2 of the common agenda.`)).toBeVisible();

    await page.reload();
    const history = page.getByTestId('agenda-history');
    await expect(history.getByText('Added a principle agreed at the March steering group.')).toBeVisible();
    await expect(history.getByText(partnerOrg).first()).toBeVisible();
    await screenshot(page, '07-agenda-history.png');
  });

  await partnerContext.close();
});
