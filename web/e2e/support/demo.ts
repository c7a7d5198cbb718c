import { expect, type Page } from '@playwright/test';

/** The demo's password and the accounts these specs use (api/src/seed/demo/people.ts). */
export const DEMO_PASSWORD = 'constellation-demo';
export const DEMO = {
  admin: 'admin@riverside.example',
  funder: 'peter.walsh@riversidefoundation.example',
  /** Partner contributor at Millbrook Youth Project: two monthly reports skipped, drafts for the latest periods. */
  contributor: 'ellie.ward@millbrookyouth.example',
} as const;
export const DEMO_COLLABORATION = 'Riverside Cradle to Career Partnership';

/** Sign in through the api (the page shares the cookies) and answer the demo collaboration's id. */
export async function signInToDemo(page: Page, email: string): Promise<string> {
  const res = await page.request.post('/api/auth/sign-in', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  const list = await page.request.get('/api/collaborations');
  const items = ((await list.json()) as { items: Array<{ id: string; name: string }> }).items;
  const demo = items.find((c) => c.name === DEMO_COLLABORATION);
  expect(demo, `${email} is not a member of the demo collaboration`).toBeTruthy();
  return demo!.id;
}

/** A partner's id by its organisation's name (GET …/partners). */
export async function partnerIdOf(page: Page, collaborationId: string, organisationName: string): Promise<string> {
  const res = await page.request.get(`/api/collaborations/${collaborationId}/partners`);
  expect(res.status()).toBe(200);
  const items = ((await res.json()) as { items: Array<{ id: string; organisation: { name: string } }> }).items;
  const partner = items.find((p) => p.organisation.name === organisationName);
  expect(partner, `no partner ${organisationName}`).toBeTruthy();
  return partner!.id;
}

/** Wait until the worker has rolled the demo up far enough for a partner's home to show contributions. */
export async function waitForContributions(page: Page, collaborationId: string, partnerId: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/collaborations/${collaborationId}/partners/${partnerId}/home`);
        if (!res.ok()) return -1;
        return ((await res.json()) as { contributions: unknown[] }).contributions.length;
      },
      { timeout: 120_000, intervals: [500, 1000, 2000] },
    )
    .toBeGreaterThan(0);
}
