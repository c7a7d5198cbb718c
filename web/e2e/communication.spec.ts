import { expect, test, type Page } from '@playwright/test';
import { DEMO, partnerIdOf, signInToDemo } from './support/demo';
import { apiWrite, expectAccessible, screenshot } from './support/helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
/**
 * Partners that have submitted their latest period in the demo (api/src/seed/demo), with a person
 * who reports for each; the first with a submitted single-number total is used.
 */
const CANDIDATES: [organisation: string, email: string][] = [
  ["Riverside City Council, Children's Services", 'naomi.brooks@riverside-council.example'],
  ['Riverside Academies Trust', 'sofia.rossi@riversideacademies.example'],
  ['Riverside College', 'chloe.martin@riversidecollege.example'],
  ['Brightwell Engineering Ltd', 'gareth.evans@brightwell.example'],
  ['Northgate Primary School', 'james.osei@northgateprimary.example'],
];

interface ValueRow {
  id: string;
  indicatorId: string;
  partnerId: string;
  period: string;
  cell: string;
  value: string | null;
  status: string;
}
interface Indicator {
  id: string;
  code: string;
  name: string;
  valueType: string;
  dimensions: unknown[];
  targets: { period: string; value: string; kind: 'milestone' | 'long_term' }[];
}

async function json<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/**
 * Continuous communication on the demo: the backbone returns a partner's value with a reason; the
 * partner's bell shows it without reloading the page; the partner answers in the value's
 * conversation and corrects the value. The partner writes a learning-log entry, which appears as
 * a marker on the indicator's chart. The backbone proposes a target change; the partner supports
 * it and comments; the backbone accepts it and the indicator's targets change, linked to the decision.
 */
test('a returned value, a learning-log note on the chart and a shared decision that changes a target', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const cid = await signInToDemo(page, DEMO.admin);
  const base = `/collaborations/${cid}`;
  const api = `/api${base}`;
  // A submitted single-number value (a total without breakdown) of a partner, and its indicator.
  const indicators = (await json<{ items: Indicator[] }>(page, `${api}/indicators`)).items;
  const single = (v: ValueRow) => {
    const i = indicators.find((x) => x.id === v.indicatorId);
    return v.cell === 'total' && !!i && (i.valueType === 'count' || i.valueType === 'amount') && Number(v.value) >= 1;
  };
  let found: { organisation: string; email: string; partnerId: string; value: ValueRow } | null = null;
  for (const [organisation, email] of CANDIDATES) {
    const partnerId = await partnerIdOf(page, cid, organisation);
    const v = (await json<{ items: ValueRow[] }>(page, `${api}/values?partnerId=${partnerId}&status=submitted`)).items.find(single);
    if (v) {
      found = { organisation, email, partnerId, value: v };
      break;
    }
  }
  expect(found, 'the demo has a submitted single-number value of one of the candidate partners').toBeTruthy();
  const { organisation: COUNCIL, email: COUNCIL_CONTRIBUTOR, partnerId: council, value } = found!;
  const indicator = indicators.find((i) => i.id === value.indicatorId)!;
  const queue = (await json<{ items: Array<{ partner: { organisationName: string }; period: string; periodLabel: string; valueIds: string[] }> }>(page, `${api}/values/review-queue`)).items;
  const group = queue.find((g) => g.partner.organisationName === COUNCIL && g.valueIds.includes(value.id))!;
  expect(group).toBeTruthy();

  const partnerContext = await browser.newContext();
  const partner = await partnerContext.newPage();
  await signInToDemo(partner, COUNCIL_CONTRIBUTOR);
  const partnerName = (await json<{ user: { name: string } }>(partner, '/api/me')).user.name;
  await partner.goto(base);
  await expect(partner.getByRole('button', { name: /^Notifications:/ })).toBeVisible();

  await test.step('the backbone returns the value with a reason (the review flow)', async () => {
    await page.goto(`${base}/review`);
    const groupEl = page.getByTestId(`review-group-${COUNCIL}`).filter({ has: page.getByRole('heading', { name: `${COUNCIL} · ${group.periodLabel}`, exact: true }) });
    // Only the first groups of a long queue show their values; the others open on request.
    await expect(groupEl.getByRole('heading')).toBeVisible();
    const show = groupEl.getByRole('button', { name: /^Show the values from/ });
    if (await show.isVisible()) await show.click();
    await groupEl.getByRole('checkbox', { name: `Select ${indicator.code} Total` }).check();
    await page.getByRole('button', { name: 'Return selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return 1 value' });
    await dialog.getByLabel(/^Reason/).fill('This is **twice** last month: please check the count.');
    await dialog.getByRole('button', { name: 'Return to the partner' }).click();
    await expect(page.getByText('1 value returned with your reason.')).toBeVisible();
  });

  await test.step('the partner’s bell shows it without reloading the page; the partner replies in the value’s thread and corrects the value', async () => {
    const bell = partner.getByRole('button', { name: /^Notifications: \d+ unread$/ });
    await expect(bell).toBeVisible({ timeout: 60_000 });
    await bell.click();
    const panel = partner.getByRole('dialog', { name: 'Notifications' });
    await panel.getByRole('button', { name: new RegExp(`Amara Okafor returned ${indicator.code}`) }).first().click();
    await expect(partner).toHaveURL(new RegExp(`${base}/values/${value.id}$`));
    await expect(partner.getByRole('article', { name: 'Return reason by Amara Okafor' })).toContainText('please check the count');
    await partner.getByRole('button', { name: 'Reply to Amara Okafor' }).click();
    await partner.getByRole('textbox', { name: 'Reply to Amara Okafor' }).fill('You are right, we counted one group twice. Corrected.');
    await partner.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect(partner.getByRole('article', { name: `Reply by ${partnerName}` })).toContainText('Corrected.');

    // The correction: one fewer, in the total and in one cell of each breakdown (they must add up).
    const cells = (await json<{ items: ValueRow[] }>(partner, `${api}/values?partnerId=${council}&indicatorId=${indicator.id}&from=${value.period}&to=${value.period}`)).items.filter(
      (v) => v.period === value.period && v.cell !== 'total',
    );
    const byDimensions = new Map<string, ValueRow[]>();
    for (const c of cells) {
      const dims = c.cell.split(';').map((part) => part.split('=')[0]).sort().join(',');
      byDimensions.set(dims, [...(byDimensions.get(dims) ?? []), c]);
    }
    const rows: object[] = [{ indicatorId: value.indicatorId, partnerId: council, period: value.period, value: String(Number(value.value) - 1) }];
    for (const group of byDimensions.values()) {
      const c = group.find((x) => Number(x.value) >= 1);
      if (!c) continue;
      rows.push({
        indicatorId: value.indicatorId,
        partnerId: council,
        period: value.period,
        cell: Object.fromEntries(c.cell.split(';').map((part) => part.split('=') as [string, string])),
        value: String(Number(c.value) - 1),
      });
    }
    const corrected = String(Number(value.value) - 1);
    await apiWrite(partnerContext, partner.request, 'post', `${api}/values/batch`, { values: rows, submit: true });
    const after = (await json<{ items: ValueRow[] }>(partner, `${api}/values?partnerId=${council}&indicatorId=${indicator.id}`)).items.find((v) => v.id === value.id)!;
    expect(after).toMatchObject({ status: 'submitted' });
    expect(Number(after.value)).toBe(Number(corrected));
  });

  await test.step('the partner adds a learning-log entry; it is listed under the chart and marked on it', async () => {
    await partner.goto(`${base}/indicators/${indicator.id}`);
    await partner.getByRole('button', { name: 'Add to the learning log' }).click();
    const dialog = partner.getByRole('dialog', { name: 'Add to the learning log' });
    await dialog.getByRole('textbox', { name: /^Title/ }).fill('Double counting between two teams');
    await dialog.getByRole('textbox', { name: /^Period/ }).fill(value.period);
    await dialog.getByRole('textbox', { name: /^What we tried/ }).fill('Both early-help teams logged the **same families**.');
    await dialog.getByRole('textbox', { name: /^What we learned/ }).fill('A shared register stops double counting.');
    await dialog.getByRole('textbox', { name: /^What we will change/ }).fill('- One register\n- A monthly check with the backbone');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await expect(dialog).toBeHidden();
    const story = partner.getByRole('region', { name: 'The story behind the curve' });
    const entry = story.getByRole('article', { name: 'Double counting between two teams' });
    await expect(entry).toContainText('A shared register stops double counting.');
    await expect(entry.locator('strong', { hasText: 'same families' })).toBeVisible();
    await expect(entry.getByRole('listitem')).toHaveCount(2);
    await expect(entry.getByText('Shared with funders')).toBeVisible();
    await entry.scrollIntoViewIfNeeded();
    await screenshot(partner, '65-learning-log.png');

    const marker = partner.getByRole('button', { name: /^Learning log: Double counting between two teams/ });
    await expect(marker).toBeVisible();
    await marker.click();
    const note = partner.getByTestId('annotation-content');
    await expect(note).toContainText('A shared register stops double counting.');
    await screenshot(partner, '66-chart-annotation.png');
    await expectAccessible(partner, 'the indicator chart with a learning-log note');
    await partner.keyboard.press('Escape');
  });

  let decisionUrl = '';
  const milestone = indicator.targets.find((t) => t.kind === 'milestone') ?? indicator.targets[0]!;
  const newValue = String(Number(milestone.value) + 1);
  const shown = Number(newValue).toLocaleString('en-GB');

  await test.step('the backbone proposes to change a target', async () => {
    await page.goto(`${base}/indicators/${indicator.id}?view=definition`);
    await page.getByRole('link', { name: 'Propose a change' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Propose a change' })).toBeVisible();
    await page.getByRole('textbox', { name: /^Title/ }).fill(`Adjust the ${milestone.period} milestone`);
    await page.getByRole('textbox', { name: /^Rationale/ }).fill('The council’s corrected counts show we can aim a little higher.');
    const row = indicator.targets.indexOf(milestone) + 1;
    await expect(page.getByRole('textbox', { name: `Value of target ${row}` })).toHaveValue(milestone.value);
    await page.getByRole('textbox', { name: `Value of target ${row}` }).fill(newValue);
    await page.getByRole('button', { name: 'Open the proposal' }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Decision #\\d+: Adjust the ${milestone.period} milestone`) })).toBeVisible();
    decisionUrl = new URL(page.url()).pathname;
    const changed = page.getByTestId('target-diff').getByRole('row').filter({ has: page.getByText('Changed', { exact: true }) });
    await expect(changed).toHaveCount(1);
    await expect(changed).toContainText(newValue);
  });

  await test.step('the partner is told, supports the proposal and comments', async () => {
    await partner.goto(decisionUrl);
    await partner.getByRole('button', { name: 'Support', exact: true }).click();
    await expect(partner.getByRole('button', { name: 'You support this' })).toBeVisible();
    await expect(partner.getByTestId('stances')).toContainText(partnerName);
    await partner.getByRole('textbox', { name: 'Add a comment' }).fill('Agreed: the **register** makes this realistic.');
    await partner.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(partner.getByRole('article', { name: `Comment by ${partnerName}` })).toContainText('makes this realistic');
    const notes = await json<{ items: Array<{ kind: string; link: string }> }>(partner, '/api/me/notifications');
    expect(notes.items.some((n) => n.kind === 'decision' && n.link === decisionUrl)).toBe(true);
  });

  await test.step('the backbone sees the support and the comment, and accepts the proposal', async () => {
    await page.reload();
    await expect(page.getByText('1 support')).toBeVisible();
    await expect(page.getByRole('article', { name: `Comment by ${partnerName}` })).toBeVisible();
    await screenshot(page, '67-decision-proposal.png');
    await expectAccessible(page, 'the decision page');
    await page.getByRole('textbox', { name: /^Rationale for the decision/ }).fill('Partners support it; the data backs it.');
    await page.getByRole('button', { name: 'Accept and apply' }).click();
    const outcome = page.getByTestId('decision-outcome');
    await expect(outcome).toContainText('Accepted by Amara Okafor');
    await expect(outcome.getByRole('link', { name: new RegExp(`of ${indicator.code}$`) })).toBeVisible();
    await page.setViewportSize(PHONE);
    await screenshot(page, '70-decision-phone.png');
    await expectAccessible(page, 'the decision page at phone width');
    await page.setViewportSize(DESKTOP);
  });

  await test.step('the decision history lists it for every member', async () => {
    await page.getByRole('link', { name: 'All decisions' }).click();
    const row = page.getByTestId('decisions-table').getByRole('row').filter({ hasText: `Adjust the ${milestone.period} milestone` });
    await expect(row).toContainText('Accepted');
    await expect(row).toContainText('1 / 0');
    await screenshot(page, '68-decision-history.png');
    await expectAccessible(page, 'the decision history');
  });

  await test.step('the indicator’s target changed, with a link to the decision', async () => {
    await page.goto(`${base}/indicators/${indicator.id}?view=definition`);
    const targets = page.getByTestId('targets-table');
    await expect(targets).toContainText(shown);
    const link = page.getByTestId('targets-decision').getByRole('link', { name: /^decision #\d+$/ });
    await expect(link).toBeVisible();
    await expect(page.getByTestId('revision-decision').first()).toContainText(`Adjust the ${milestone.period} milestone`);
    await page.getByTestId('targets-decision').scrollIntoViewIfNeeded();
    await screenshot(page, '69-target-changed-by-decision.png');
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${decisionUrl}$`));
  });

  await partnerContext.close();
});
