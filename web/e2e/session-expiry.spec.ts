import { expect, request, test } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, signInToDemo } from './support/demo';

/**
 * Issue 5, bad input: "an expired session returns to sign-in and then back". The session ends on
 * the server while the dashboard is open (as an idle or absolute expiry does: the browser still
 * holds the cookie); the next page the person opens meets a 401, goes to sign in, and comes back
 * to that page — not to the start.
 */
test('a session that ends while the overview is open returns to sign-in, then back to the page', async ({
  page,
  context,
  baseURL,
}) => {
  const id = await signInToDemo(page, DEMO.admin);
  const base = `/collaborations/${id}`;
  await page.goto(base);
  await expect(page.getByTestId('attention')).toBeVisible();

  // End the session server-side with the same cookie, from outside the browser.
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'constellation_session');
  const csrf = cookies.find((c) => c.name === 'constellation_csrf');
  expect(session && csrf).toBeTruthy();
  const outside = await request.newContext({
    baseURL,
    extraHTTPHeaders: {
      cookie: `constellation_session=${session!.value}; constellation_csrf=${csrf!.value}`,
      'x-csrf-token': decodeURIComponent(csrf!.value),
    },
  });
  expect((await outside.post('/api/auth/sign-out')).status()).toBe(204);
  await outside.dispose();
  expect((await context.cookies()).some((c) => c.name === 'constellation_session')).toBe(true);

  // The person carries on: the next page's data answers 401.
  await page.getByRole('link', { name: 'Completeness' }).first().click();
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  expect(decodeURIComponent(new URL(page.url()).searchParams.get('next') ?? '')).toBe(`${base}/completeness`);
  await page.getByLabel('Email').fill(DEMO.admin);
  await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/completeness$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Reporting completeness' })).toBeVisible();
});
