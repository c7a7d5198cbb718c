import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectAccessible, screenshot } from './support/helpers';

/**
 * Public sharing over the demo collaboration: the backbone admin publishes a read-only dashboard
 * of three indicators; an anonymous browser opens the link without signing in and sees the totals
 * drawn (and no partner's name); a page on another origin embeds it in an iframe; the backbone
 * revokes the link and the anonymous page then says it is no longer shared.
 */
const DEMO = 'Riverside Cradle to Career Partnership';
const INDICATORS = [
  'School attendance rate',
  'Children and young people served by programmes',
  'Young people not in education, employment or training',
];
/** Every demo partner organisation: none may appear on the public page. */
const PARTNERS = [
  'Northgate Primary School',
  "St Mary's Church of England Primary School",
  'Riverside Academies Trust',
  'Eastbank Early Years Centre',
  'Riverside Community Health NHS Trust',
  'Riverside College',
  'Riverside Libraries',
  'Brightwell Engineering Ltd',
  'Millbrook Youth Project',
  'Riverside University Hospitals NHS Foundation Trust',
  'Riverside Parents Network',
  'Riverside Community Foundation',
  'Northstar Education Trust',
  'Riverside Learning Partnership',
];
const TITLE = 'Riverside: how our young people are doing';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

async function phoneShot(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await screenshot(page, name);
  await page.setViewportSize(DESKTOP);
}

/** A page on another origin (127.0.0.1 on a free port, not localhost:E2E_PORT) that embeds the link. */
async function embeddingSite(src: string): Promise<{ server: Server; url: string }> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Riverside Community News</title></head>
<body style="font-family:sans-serif;margin:0;padding:16px;background:#f4f1ea">
<h1 style="font-size:20px">Riverside Community News</h1><p>Our partnership's latest results:</p>
<iframe src="${src}" title="${TITLE}" width="100%" height="1400" style="border:1px solid #ccc;background:#fff"></iframe>
</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

test('the backbone publishes a public dashboard; anyone opens and embeds it without signing in; once revoked it is no longer shared', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const signIn = await page.request.post('/api/auth/sign-in', {
    data: { email: 'admin@riverside.example', password: 'constellation-demo' },
  });
  expect(signIn.status()).toBe(200);
  const collaborations = (await (await page.request.get('/api/collaborations')).json()) as {
    items: { id: string; name: string }[];
  };
  const collaborationId = collaborations.items.find((c) => c.name === DEMO)!.id;
  const indicators = (await (
    await page.request.get(`/api/collaborations/${collaborationId}/indicators`)
  ).json()) as { items: { id: string; name: string }[] };
  const chosen = INDICATORS.map((name) => indicators.items.find((i) => i.name === name)!.id);
  // The worker builds the demo's rollups and progress after the seed: wait until the chosen indicators have them.
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/collaborations/${collaborationId}/progress`);
        const items = ((await res.json()) as { items: { indicatorId: string; actual: string | null }[] })
          .items;
        return chosen.every((id) => items.some((p) => p.indicatorId === id && p.actual !== null));
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(true);

  let shareUrl = '';
  await test.step('the backbone admin publishes a link to three indicators and gets its link and embed code', async () => {
    await page.goto(`/collaborations/${collaborationId}`);
    await page.getByRole('link', { name: 'Public sharing' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Public sharing' })).toBeVisible();
    await expect(page.getByText('No public links yet')).toBeVisible();
    await expectAccessible(page, 'the public sharing page (no links yet)');

    await page.getByRole('button', { name: 'New public link' }).click();
    const dialog = page.getByRole('dialog', { name: 'New public dashboard link' });
    await dialog.getByRole('textbox', { name: /^Title/ }).fill(TITLE);
    // Nothing chosen yet: the form names the field.
    await dialog.getByRole('button', { name: 'Publish link' }).click();
    await expect(dialog.getByText('Choose at least one indicator')).toBeVisible();
    const picker = dialog.getByRole('combobox', { name: 'Indicators' });
    for (const name of INDICATORS) {
      await picker.click();
      await picker.fill(name.slice(0, 12));
      await page.getByRole('option', { name }).click();
    }
    await picker.press('Escape');
    await expectAccessible(page, 'the new public link form');
    await dialog.getByRole('button', { name: 'Publish link' }).click();
    await expect(dialog).toBeHidden();

    const card = page.getByRole('article', { name: TITLE });
    await expect(card).toBeVisible();
    await expect(card.getByText('Shared', { exact: true })).toBeVisible();
    shareUrl = await card.getByRole('textbox', { name: 'Public link' }).inputValue();
    expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
    await expect(card.getByRole('textbox', { name: 'Embed code (iframe)' })).toHaveValue(
      new RegExp(`<iframe src="${shareUrl}"`),
    );
    await expectAccessible(page, 'the public sharing page with a link');
    await expect(page.getByText('The public link is ready')).toBeHidden({ timeout: 15_000 });
    await screenshot(page, '40-sharing-manage.png');
    await phoneShot(page, '41-sharing-manage-phone.png');
  });

  const anonymous = await browser.newContext({
    viewport: DESKTOP,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const visitor = await anonymous.newPage();
  await test.step('an anonymous visitor opens the link without signing in: the totals are drawn and no partner is named', async () => {
    await visitor.goto(shareUrl);
    await expect(visitor.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    expect(new URL(visitor.url()).pathname).toMatch(/^\/share\//);
    await expect(visitor.getByText(DEMO)).toBeVisible();
    for (const name of INDICATORS) await expect(visitor.getByRole('article', { name })).toBeVisible();
    await expect(visitor.locator('canvas[data-chart-ready="true"]')).toHaveCount(INDICATORS.length, {
      timeout: 30_000,
    });
    await expect(visitor.getByRole('heading', { name: 'Milestones met' })).toBeVisible();
    // The status is a word and an icon, never colour alone.
    await expect(
      visitor
        .getByRole('article', { name: INDICATORS[0] })
        .getByText(/^(On track|At risk|Off track|No data)$/)
        .first(),
    ).toBeVisible();
    const attendance = visitor.getByRole('article', { name: INDICATORS[0] });
    await attendance.getByRole('button', { name: 'Show the numbers' }).click();
    await expect(attendance.getByRole('table')).toBeVisible();
    const text = await visitor.locator('body').innerText();
    for (const partner of PARTNERS)
      expect({ partner, shown: text.includes(partner) }).toEqual({ partner, shown: false });
    await attendance.getByRole('button', { name: 'Hide the numbers' }).click();
    await expectAccessible(visitor, 'the public dashboard');
    await screenshot(visitor, '42-public-dashboard.png');
    await phoneShot(visitor, '43-public-dashboard-phone.png');

    // A visitor whose system is in dark mode gets the dark theme, also accessible.
    await visitor.emulateMedia({ colorScheme: 'dark' });
    await visitor.reload();
    await expect(visitor.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expect(visitor.locator('canvas[data-chart-ready="true"]')).toHaveCount(INDICATORS.length, {
      timeout: 30_000,
    });
    await expectAccessible(visitor, 'the public dashboard in dark mode');
    await visitor.emulateMedia({ colorScheme: 'light' });

    // A link that was never issued (mistyped, cut short) gets a clear page, never a blank one.
    const stranger = await anonymous.newPage();
    await stranger.goto('/share/not-a-real-link');
    await expect(
      stranger.getByRole('heading', { level: 1, name: 'This dashboard is no longer shared' }),
    ).toBeVisible();
    await expect(stranger.getByText(/incomplete or mistyped/)).toBeVisible();
    await stranger.close();
  });

  const site = await embeddingSite(shareUrl);
  const reader = await anonymous.newPage();
  try {
    await test.step('a page on another origin embeds the dashboard in an iframe', async () => {
      await reader.goto(site.url);
      const frame = reader.frameLocator('iframe');
      await expect(frame.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
      await expect(frame.locator('canvas[data-chart-ready="true"]').first()).toBeVisible({ timeout: 30_000 });
      await screenshot(reader, '44-public-dashboard-embedded.png');
    });

    await test.step('the backbone revokes the link; the visitor and the embedding page see that it is no longer shared', async () => {
      const card = page.getByRole('article', { name: TITLE });
      await card.getByRole('button', { name: `Revoke ${TITLE}` }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke this public link?' });
      await confirm.getByRole('button', { name: 'Revoke link' }).click();
      await expect(confirm).toBeHidden();
      await expect(card.getByText('Revoked', { exact: true })).toBeVisible();
      await expect(card.getByRole('textbox', { name: 'Public link' })).toHaveCount(0);

      await visitor.reload();
      await expect(
        visitor.getByRole('heading', { level: 1, name: 'This dashboard is no longer shared' }),
      ).toBeVisible();
      await expect(visitor.locator('canvas')).toHaveCount(0);
      await expectAccessible(visitor, 'the revoked public dashboard');
      await screenshot(visitor, '45-public-dashboard-revoked.png');

      await reader.reload();
      await expect(
        reader.frameLocator('iframe').getByRole('heading', { name: 'This dashboard is no longer shared' }),
      ).toBeVisible();
    });
  } finally {
    await anonymous.close();
    await new Promise((resolve) => site.server.close(resolve));
  }
});
