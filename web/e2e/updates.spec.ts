import { expect, type Page, test } from '@playwright/test';
import { apiWrite, createCountIndicator, choose, expectAccessible, joinCollaboration, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * The updates feed: the backbone posts a formatted update for members and funders, linked to an
 * indicator, with a PDF attached (a disallowed and a disguised file are refused with clear
 * messages first), and pins it; a partner reacts; the funder sees it (and its file) but not a
 * members-only post; script in posts stays inert in Chromium.
 */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const XSS_PAYLOADS = [
  '<img src=x onerror=window.__xss=1>',
  '[click me](javascript:window.__xss=2)',
  '<script>window.__xss=3</script>',
  '<svg onload=window.__xss=4></svg> <a href="javascript:window.__xss=5">link</a>',
];

const xssFired = (p: Page) => p.evaluate(() => (window as unknown as { __xss?: number }).__xss);

test('updates: the backbone posts with an attachment and pins it for funders; a partner reacts; the funder reads it; script stays inert', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(240_000); // three people and several accessibility scans on a shared machine
  const request = page.request;
  expect(
    (
      await request.post('/api/auth/sign-up', {
        data: { email: uniqueEmail('backbone'), name: 'Amara Okafor', password: PASSWORD },
      })
    ).status(),
  ).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Riverside Early Years',
    backboneOrganisationName: 'Riverside Community Trust',
    agenda: {
      problemStatement: 'Too few children in Riverside arrive at school ready to learn.',
      vision: 'Every child in Riverside thrives in the early years.',
      principles: ['Families lead.'],
      geography: 'Riverside',
      form: 'collective_impact',
      fiscalYearStartMonth: 1,
      timeZone: 'Europe/London',
      requiresApproval: false,
    },
    goals: [
      {
        title: 'Every child ready for school by 2030',
        description: '',
        targetDate: '2030-12-31',
        strategies: [{ name: 'Play and talk at home', description: '' }],
      },
    ],
  });
  const base = `/collaborations/${collaboration.id}`;
  const indicator = await createCountIndicator(context, request, collaboration, {
    code: 'EY-01',
    name: 'Families at play sessions',
    definition: 'Families who attend at least one play session in the quarter.',
    unit: 'families',
    baseline: { value: '50', period: '2025' },
    target: { value: '200', period: '2030' },
  });

  const partner = await joinCollaboration(browser, { context, request }, base, { name: 'Jon Bell', organisationName: 'Riverside Library' });
  const funder = await joinCollaboration(browser, { context, request }, base, { name: 'Grace Mensah', organisationName: 'Riverside Foundation', role: 'funder' });

  // A members-only post the funder must not see.
  await apiWrite(context, request, 'post', `/api${base}/updates`, {
    body: 'Members only: the **budget draft** for next year is in the shared folder.',
  });

  let postId = '';
  await test.step('the backbone writes an update; a disallowed and a disguised file are refused with clear messages', async () => {
    await page.goto(`${base}/updates`);
    await expect(page.getByRole('heading', { name: 'Updates', level: 1 })).toBeVisible();
    await page
      .getByRole('textbox', { name: /^Update/ })
      .fill(
        'Our **first quarter** of play sessions is done:\n\n- 48 families came\n- 12 for the first time\n\nRead the [full note](https://example.org/riverside-q1).',
      );
    await page.getByRole('radio', { name: 'Members and funders' }).check();
    await choose(page, 'Link to (optional)', 'EY-01 · Families at play sessions');
    await page.getByRole('button', { name: 'Formatting help' }).click();
    await expect(page.getByText('Links:')).toBeVisible();

    const fileInput = page.locator('input[type=file]');
    // an executable is refused in the browser, before anything is sent
    await fileInput.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ this is not allowed'),
    });
    await expect(page.getByRole('alert').filter({ hasText: 'Some files cannot be attached' })).toContainText(
      'setup.exe: this type of file is not allowed',
    );

    // an HTML page named .png passes the browser's check but the api reads its first bytes: 415, said clearly
    await fileInput.setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<html><script>window.__xss=9</script></html>'),
    });
    await expect(page.getByRole('list', { name: 'Files to attach' })).toContainText('photo.png');
    await page.getByRole('button', { name: 'Post update' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'is not an allowed attachment' });
    await expect(refused).toContainText('"photo.png" is not an allowed attachment');
    await expect(refused).toContainText('photo.png: must be a pdf, png, jpeg');
    await page.getByRole('button', { name: 'Remove photo.png' }).click();

    await fileInput.setInputFiles({ name: 'riverside-q1.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByRole('list', { name: 'Files to attach' })).toContainText('riverside-q1.pdf');
    await expectAccessible(page, 'the updates composer');
    await screenshot(page, '62-updates-composer.png');

    const created = page.waitForResponse(
      (r) => r.url().endsWith(`/api${base}/updates`) && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Post update' }).click();
    const res = await created;
    expect(res.status()).toBe(201);
    postId = (await res.json()).id;
    const card = page.getByTestId('update-card').filter({ hasText: 'first quarter' });
    await expect(card.getByRole('link', { name: 'riverside-q1.pdf' })).toBeVisible();
    await expect(card.locator('strong', { hasText: 'first quarter' })).toBeVisible();
    await expect(card.getByRole('link', { name: 'full note' })).toHaveAttribute(
      'href',
      'https://example.org/riverside-q1',
    );
    await expect(card.getByRole('link', { name: 'EY-01 · Families at play sessions' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Update/ })).toHaveValue('');
  });

  await test.step('the backbone pins it: pinned first', async () => {
    const card = page.getByTestId('update-card').filter({ hasText: 'first quarter' });
    await card.getByRole('button', { name: 'Update actions' }).click();
    await page.getByRole('menuitem', { name: 'Pin to the top' }).click();
    await expect(card.getByText('Pinned', { exact: true })).toBeVisible();
    await expect(page.getByTestId('update-card').first()).toContainText('first quarter');
  });

  await test.step('script in posts stays inert', async () => {
    for (const body of XSS_PAYLOADS)
      await apiWrite(context, request, 'post', `/api${base}/updates`, {
        body,
        audience: 'members_and_funders',
      });
    await page.reload();
    const feed = page.getByRole('region', { name: 'Updates feed' });
    await expect(feed).toContainText('<img src=x onerror=window.__xss=1>');
    await expect(feed).toContainText('<script>window.__xss=3</script>');
    await expect(feed.getByText('click me')).toBeVisible();
    expect(await xssFired(page)).toBeUndefined();
    expect(
      await feed
        .locator('img, script, svg[onload], iframe, [onerror], [onload], a[href^="javascript:" i]')
        .count(),
    ).toBe(0);
    expect(await feed.getByText('click me').evaluate((el) => el.closest('a'))).toBeNull();
  });

  await test.step('a partner sees every member post and reacts', async () => {
    const p = partner.page;
    await p.goto(`${base}/updates`);
    await expect(p.getByText('budget draft')).toBeVisible();
    const card = p.getByTestId('update-card').filter({ hasText: 'first quarter' });
    await card.getByRole('button', { name: /^Thumbs up: 0 reactions/ }).click();
    await expect(
      card.getByRole('button', { name: 'Thumbs up: 1 reaction, including yours' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await card.getByRole('button', { name: /^Celebrate: 0 reactions/ }).click();
    await expect(card.getByRole('button', { name: 'Celebrate: 1 reaction, including yours' })).toBeVisible();
    expect(await xssFired(p)).toBeUndefined();
    await expectAccessible(p, 'the partner’s updates feed');
  });

  await test.step('the indicator page shows its linked update', async () => {
    await page.goto(`${base}/indicators/${indicator.id}`);
    await expect(page.getByTestId('linked-updates')).toContainText('first quarter');
  });

  await test.step('the backbone sees the reactions; desktop and phone screenshots', async () => {
    await page.goto(`${base}/updates`);
    const card = page.getByTestId('update-card').filter({ hasText: 'first quarter' });
    await expect(card.getByRole('button', { name: 'Thumbs up: 1 reaction' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await expectAccessible(page, 'the backbone’s updates feed');
    await screenshot(page, '60-updates-feed.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(card).toBeVisible();
    await screenshot(page, '61-updates-feed-phone.png');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await test.step('the funder reads only what is marked for funders, downloads the file, cannot post or react', async () => {
    const p = funder.page;
    await p.goto(`${base}/updates`);
    const card = p.getByTestId('update-card').filter({ hasText: 'first quarter' });
    await expect(card).toBeVisible();
    await expect(p.getByTestId('update-card').first()).toContainText('first quarter');
    await expect(p.getByText('budget draft')).toHaveCount(0);
    await expect(p.getByTestId('update-composer')).toHaveCount(0);
    await expect(card.getByRole('button', { name: /Thumbs up/ })).toHaveCount(0);
    await expect(card.getByText('Thumbs up: 1 reaction')).toBeAttached();
    await expect(card.getByRole('button', { name: 'Update actions' })).toHaveCount(0);

    const href = await card.getByRole('link', { name: 'riverside-q1.pdf' }).getAttribute('href');
    const file = await p.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(file.headers()['content-disposition']).toContain('attachment;');
    expect(file.headers()['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(await file.body(), PDF)).toBe(0);

    // the members-only post, asked for by id, does not exist for the funder
    const feed = await (await request.get(`/api${base}/updates?limit=50`)).json();
    const membersOnly = feed.items.find((u: { audience: string }) => u.audience === 'members');
    expect((await p.request.get(`/api${base}/updates/${membersOnly.id}`)).status()).toBe(404);
    expect((await p.request.get(`/api${base}/updates/${postId}`)).status()).toBe(200);
    expect(await xssFired(p)).toBeUndefined();
    await expectAccessible(p, 'the funder’s updates feed');
  });

  await partner.context.close();
  await funder.context.close();
});
