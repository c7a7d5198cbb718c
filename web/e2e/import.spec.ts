import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiWrite, createCountIndicator, expectAccessible, joinCollaboration, PASSWORD, screenshot, uniqueEmail } from './support/helpers';

/**
 * A second partner imports a file: the first upload has two errors, each listed with its row and
 * column and nothing is imported; the corrected file previews clean, is confirmed, and its values
 * show in the data-entry grid.
 */
test('a partner uploads a file with errors, sees every one, uploads the fix and imports it', async ({ page, context, browser }) => {
  const request = page.request;
  // Fiscal years starting in April, as in the indicators test: FY2026-Q1 = Apr–Jun 2026, "Q1 FY 2026/27".
  const now = new Date();
  const fyYear = now.getMonth() + 1 >= 4 ? now.getFullYear() : now.getFullYear() - 1;
  const q = (n: number) => `Q${n} FY ${fyYear}/${String((fyYear + 1) % 100).padStart(2, '0')}`;
  const dir = mkdtempSync(join(tmpdir(), 'constellation-import-'));

  expect((await request.post('/api/auth/sign-up', { data: { email: uniqueEmail('backbone'), name: 'Amara Okafor', password: PASSWORD } })).status()).toBe(201);
  const collaboration = await apiWrite(context, request, 'post', '/api/collaborations', {
    name: 'Northfield Learns',
    backboneOrganisationName: 'Northfield Community Trust',
    agenda: {
      problemStatement: 'Too many children in Northfield start school without the words they need.',
      vision: 'Every child in Northfield reads with confidence by age seven.',
      principles: ['Families lead.'],
      geography: 'Northfield',
      form: 'collective_impact',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/London',
      requiresApproval: true,
    },
    goals: [{ title: 'Every child reading with confidence by 2030', description: '', targetDate: '2030-12-31', strategies: [{ name: 'Reading at home', description: '' }] }],
  });
  const base = `/collaborations/${collaboration.id}`;
  const indicator = await createCountIndicator(context, request, collaboration, {
    code: 'READ-02',
    name: 'Families joining the library',
    definition: 'Families with a child aged 0–5 who join the library in the quarter.',
    unit: 'families',
  });

  // Two partners join; the second one imports (the first exists so the import is one partner's among several).
  const partners: { id: string; page: typeof page }[] = [];
  for (const [name, org] of [
    ['Jon Bell', 'Northfield Library'],
    ['Priya Shah', 'Northfield Family Hub'],
  ] as const) {
    const accepted = await joinCollaboration(browser, { context, request }, base, { name, organisationName: org, sector: 'community' });
    await apiWrite(context, request, 'put', `/api${base}/partners/${accepted.partnerId}/commitments`, {
      commitments: [{ indicatorId: indicator.id, startPeriod: `FY${fyYear}-Q1` }],
    });
    partners.push({ id: accepted.partnerId, page: accepted.page });
  }
  const partner = partners[1]!.page;

  await test.step('the partner opens the import page from the grid', async () => {
    await partner.goto(`${base}/report`);
    await expect(partner.getByRole('heading', { level: 1, name: 'Report data' })).toBeVisible();
    await partner.getByRole('link', { name: 'Import a file' }).click();
    await expect(partner.getByRole('heading', { level: 1, name: 'Import values' })).toBeVisible();
    await expect(partner.getByRole('heading', { level: 2, name: 'Upload a file' })).toBeVisible();
    await expect(partner.getByText('CSV or XLSX, up to 50 MB.')).toBeVisible();
    await expect(partner.getByRole('link', { name: /Download the template \(CSV\)/ })).toHaveAttribute('href', `/api${base}/partners/${partners[1]!.id}/import-template?format=csv`);
    await expect(partner.getByRole('link', { name: 'Import values' })).toHaveAttribute('aria-current', 'page');
    await partner.getByRole('button', { name: 'Upload and check' }).click();
    await expect(partner.getByText('Choose a CSV or XLSX file to upload.')).toBeVisible();
    await expectAccessible(partner, 'the import page (upload)');
  });

  await test.step('a file with two errors: both listed with row and column, nothing imported', async () => {
    const bad = join(dir, 'family-hub-values.csv');
    writeFileSync(bad, ['indicator,period,value,comment', `READ-02,FY${fyYear}-Q1,31,`, `READ-02,FY${fyYear},35,the year by mistake`, `READ-02,FY${fyYear}-Q2,12%,`, ''].join('\n'));
    await partner.getByLabel(/^File to import/).setInputFiles(bad);
    await partner.getByRole('button', { name: 'Upload and check' }).click();
    await expect(partner.getByRole('heading', { level: 2, name: 'Check the preview' })).toBeFocused();
    await expect(partner.getByTestId('count-rows')).toHaveText('3');
    await expect(partner.getByTestId('count-errors')).toHaveText('2');
    await expect(partner.getByText('Nothing will be imported until the file is fixed.', { exact: false })).toBeVisible();
    const errors = partner.getByTestId('import-errors');
    await expect(errors.getByRole('row')).toHaveCount(3);
    await expect(errors.getByRole('row', { name: /^3 period must be a quarter/ })).toBeVisible();
    await expect(errors.getByRole('row', { name: /^4 value must be a plain number without a % sign: for 12% enter 12/ })).toBeVisible();
    await expect(partner.getByRole('button', { name: /^Import \d/ })).toHaveCount(0);
    // The same list as a file, to work through beside the spreadsheet.
    const download = partner.getByRole('link', { name: /Download the errors \(CSV\)/ });
    const file = await partner.request.get((await download.getAttribute('href'))!);
    expect(file.status()).toBe(200);
    expect((await file.text()).replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual([
      'row,column,problem',
      '3,period,must be a quarter: this indicator is reported quarterly',
      '4,value,must be a plain number without a % sign: for 12% enter 12',
    ]);
    await screenshot(partner, '13-import-preview-errors.png');
    await expectAccessible(partner, 'the import preview with errors');
  });

  await test.step('the corrected file previews clean, is confirmed, and shows in the grid', async () => {
    await partner.getByRole('button', { name: 'Upload a corrected file' }).click();
    await expect(partner.getByRole('heading', { level: 2, name: 'Upload a file' })).toBeFocused();
    const fixed = join(dir, 'family-hub-values-fixed.csv');
    writeFileSync(fixed, ['indicator,period,value,comment', `READ-02,FY${fyYear}-Q1,31,`, `READ-02,FY${fyYear}-Q2,12,Summer closure`, ''].join('\n'));
    await partner.getByLabel(/^File to import/).setInputFiles(fixed);
    await partner.getByRole('button', { name: 'Upload and check' }).click();
    await expect(partner.getByRole('heading', { level: 2, name: 'Check the preview' })).toBeVisible();
    await expect(partner.getByTestId('count-errors')).toHaveText('0');
    await expect(partner.getByTestId('count-rows')).toHaveText('2');
    await expect(partner.getByTestId('count-new')).toHaveText('2');
    await expect(partner.getByTestId('count-changed')).toHaveText('0');
    await expect(partner.getByTestId('count-unchanged')).toHaveText('0');
    await expect(partner.getByTestId('import-errors')).toHaveCount(0);
    await expect(partner.getByTestId('import-sample').getByRole('row', { name: new RegExp(`^3 READ-02 FY${fyYear}-Q2 Total 12 new`) })).toBeVisible();
    await partner.getByRole('button', { name: 'Import 2 values' }).click();

    await expect(partner.getByRole('heading', { level: 2, name: 'Imported' })).toBeFocused();
    await expect(partner.getByText('2 values created, 0 changed and 0 unchanged.', { exact: false })).toBeVisible();
    await expect(partner.getByTestId('count-created')).toHaveText('2');
    await screenshot(partner, '14-import-done.png');
    await expectAccessible(partner, 'the import result');

    await partner.getByRole('link', { name: 'Open the data-entry grid' }).click();
    await expect(partner.getByRole('heading', { level: 1, name: 'Report data' })).toBeVisible();
    await expect(partner.getByRole('textbox', { name: `READ-02 total, ${q(1)}` })).toHaveValue('31');
    await expect(partner.getByRole('textbox', { name: `READ-02 total, ${q(2)}` })).toHaveValue('12');
    await expect(partner.getByTestId('grid-quarter').getByText('Draft', { exact: true })).toHaveCount(2);
  });

  rmSync(dir, { recursive: true, force: true });
  for (const p of partners) await p.page.context().close();
});
