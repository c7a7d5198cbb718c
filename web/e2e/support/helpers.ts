import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS_DIR = resolve(here, '..', '..', '..', 'docs', 'screenshots');

/** A unique email for this run. */
export function uniqueEmail(who: string): string {
  return `${who}-${randomBytes(4).toString('hex')}@example.org`;
}

export const PASSWORD = 'correct horse battery staple';

/** A full-page screenshot into docs/screenshots (the real UI, for the docs). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  // Let fonts, transitions and notifications settle so the picture is what a person sees.
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  await page.waitForTimeout(350);
  await page.screenshot({ path: resolve(SCREENSHOTS_DIR, name), fullPage: true, animations: 'disabled' });
}

/** Choose an option in a Mantine Select by its label. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

/** Writes through the api from a test, as the web app does (same cookies, CSRF header). */
export async function apiWrite(
  context: BrowserContext,
  request: APIRequestContext,
  method: 'post' | 'put' | 'patch' | 'delete',
  path: string,
  data?: unknown,
) {
  const csrf = (await context.cookies()).find((c) => c.name === 'constellation_csrf')?.value ?? '';
  const res = await request[method](path, { data, headers: { 'X-CSRF-Token': decodeURIComponent(csrf) } });
  expect(res.ok(), `${method.toUpperCase()} ${path} answered ${res.status()}: ${await res.text()}`).toBeTruthy();
  return res.status() === 204 ? null : res.json();
}

/**
 * A count indicator under the collaboration's first goal, created through the api: summed across
 * partners and over time, direction increase, a performance measure, with a baseline and a
 * long-term target (defaults: quarterly, 40 in FY2025, 120 by FY2030).
 */
export async function createCountIndicator(
  context: BrowserContext,
  request: APIRequestContext,
  collaboration: { id: string; goals: Array<{ id: string }> },
  o: {
    code: string;
    name: string;
    definition: string;
    unit: string;
    periodicity?: 'month' | 'quarter' | 'year';
    baseline?: { value: string; period: string };
    target?: { value: string; period: string };
  },
) {
  return apiWrite(context, request, 'post', `/api/collaborations/${collaboration.id}/indicators`, {
    code: o.code,
    name: o.name,
    definition: o.definition,
    unit: o.unit,
    valueType: 'count',
    direction: 'increase',
    periodicity: o.periodicity ?? 'quarter',
    aggregationAcrossPartners: 'sum',
    aggregationOverTime: 'sum',
    baseline: o.baseline ?? { value: '40', period: 'FY2025' },
    targets: [{ ...(o.target ?? { value: '120', period: 'FY2030' }), kind: 'long_term' }],
    measureType: 'performance',
    goalId: collaboration.goals[0]!.id,
  });
}

/**
 * Someone joins the collaboration (`base`: `/collaborations/<id>`) through the api, as the signed-in
 * backbone (`backbone`) invites them: the invitation, then, in a browser context of their own, the
 * invited person signs up and accepts it (a partner endorsing agenda version 1). The onboarding
 * test covers the pages of this flow.
 */
export async function joinCollaboration(
  browser: Browser,
  backbone: { context: BrowserContext; request: APIRequestContext },
  base: string,
  o: { name: string; organisationName: string; role?: 'partner_admin' | 'funder'; sector?: string },
): Promise<{ context: BrowserContext; page: Page; email: string; partnerId: string }> {
  const role = o.role ?? 'partner_admin';
  const email = uniqueEmail(role === 'funder' ? 'funder' : 'partner');
  const invitation = await apiWrite(backbone.context, backbone.request, 'post', `/api${base}/invitations`, {
    email,
    organisationName: o.organisationName,
    ...(o.sector ? { sector: o.sector } : {}),
    role,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  expect((await page.request.post('/api/auth/sign-up', { data: { email, name: o.name, password: PASSWORD } })).status()).toBe(201);
  const token = new URL(invitation.acceptUrl).pathname.split('/').pop();
  const accepted = await apiWrite(context, page.request, 'post', `/api/invitations/${token}/accept`, role === 'funder' ? {} : { endorsedAgendaVersion: 1 });
  return { context, page, email, partnerId: accepted.partnerId };
}

/** No serious or critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
  expect(serious, `${what} has accessibility violations:\n${report}`).toEqual([]);
}
