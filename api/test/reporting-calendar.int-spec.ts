import { addDays, DEFAULT_CALENDAR, periodAtIndex, toMonthIndex } from '@constellation/shared';
import { todayIn } from '../src/modules/reporting/report-status';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

/**
 * The reporting calendar (GET/PUT settings, PUT/DELETE a period's due date, upcoming due dates) and
 * the reminders list; the partner home and attention follow the calendar.
 */
let t: TestApp;
let fx: MeasurementFixture;
let funder: UserAgent;
let monthly: string;
const sql = <T = unknown>(q: string, params: unknown[] = []) => dataSourceOf(t).query(q, params) as Promise<T>;
let timeZone: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  funder = await createUser(t, { name: 'Fran Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  monthly = await createIndicator(t, fx, { code: 'CAL-M', periodicity: 'month' });
  await commit(t, fx, fx.partnerId, monthly);
  await commit(t, fx, fx.otherPartnerId, monthly);
  timeZone = (await sql<{ tz: string }[]>(`SELECT time_zone AS tz FROM agenda_versions WHERE collaboration_id = $1 ORDER BY version DESC LIMIT 1`, [fx.collaborationId]))[0]!.tz;
});
afterAll(async () => {
  await t?.close();
});

const url = () => `${fx.base}/reporting-calendar`;
const lastMonth = () => {
  const today = todayIn(timeZone);
  return periodAtIndex(toMonthIndex(Number(today.slice(0, 4)), Number(today.slice(5, 7))) - 1, 'month', 1);
};

describe('reporting calendar settings', () => {
  it('every member reads the default calendar (due by the end of the next month, reminders 7 days before, 1 and 14 after)', async () => {
    for (const a of [fx.partner, funder, fx.staff]) {
      const res = await a.get(url());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ settings: DEFAULT_CALENDAR, overrides: [], timeZone, updatedAt: null });
      expect(res.body.description).toContain('last day of the month after its period ends');
    }
  });

  it('a partner or a funder may not change it (403), nothing written', async () => {
    for (const a of [fx.partner, fx.partnerAdmin, funder]) {
      expect((await a.put(url(), { month: { rule: 'days_after_end', days: 5 } })).status).toBe(403);
    }
    expect(await sql(`SELECT * FROM reporting_calendars WHERE collaboration_id = $1`, [fx.collaborationId])).toEqual([]);
  });

  it('bad input names the field and writes nothing', async () => {
    const cases: [object, string[]][] = [
      [{ month: { rule: 'days_after_end', days: -1 } }, ['month.days']],
      [{ quarter: { rule: 'weekly' } }, ['quarter.rule']],
      [{ month: { rule: 'days_after_end', overdueDays: [3, 3] } }, ['month.overdueDays']],
      [{ month: { rule: 'days_after_end', overdueDays: [0] } }, ['month.overdueDays.0']],
      [{ reminderHour: 24 }, ['reminderHour']],
      [{ year: { rule: 'end_of_next_month', remindDaysBefore: 91 }, colour: 'red' }, ['', 'year.remindDaysBefore']],
    ];
    for (const [body, paths] of cases) {
      const res = await fx.staff.put(url(), body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(paths);
    }
    expect(await sql(`SELECT * FROM reporting_calendars WHERE collaboration_id = $1`, [fx.collaborationId])).toEqual([]);
  });

  it('the backbone changes the monthly rule (audited): the partner home and attention move the due date with it', async () => {
    const period = lastMonth();
    const before = await fx.partner.get(`${fx.base}/partners/${fx.partnerId}/home`);
    const report = (body: { todo: { indicatorId: string; period: string; dueDate: string; state: string }[] }) =>
      body.todo.find((r) => r.indicatorId === monthly && r.period === period.key);
    // Default: last month is due by the end of this month — not overdue yet.
    expect(report(before.body)).toMatchObject({ state: 'due' });

    // Due on the last day of the period itself: last month's report is now overdue.
    const res = await fx.staff.put(url(), { month: { rule: 'days_after_end', days: 0, remindDaysBefore: 2, overdueDays: [3] }, reminderHour: 8 });
    expect(res.status).toBe(200);
    expect(res.body.settings.month).toEqual({ rule: 'days_after_end', days: 0, remindDaysBefore: 2, overdueDays: [3] });
    expect(res.body.settings.quarter).toEqual(DEFAULT_CALENDAR.quarter);
    expect(res.body.settings.reminderHour).toBe(8);
    expect(res.body.description).toContain('A monthly report is due on the last day of its period.');
    const [audit] = await sql<{ action: string; after: { month: { days: number } } }[]>(
      `SELECT action, after FROM audit_events WHERE collaboration_id = $1 AND action = 'reporting_calendar.update' ORDER BY created_at DESC LIMIT 1`,
      [fx.collaborationId],
    );
    expect(audit!.after.month.days).toBe(0);

    const after = await fx.partner.get(`${fx.base}/partners/${fx.partnerId}/home`);
    const lastDay = new Date(Date.UTC(period.year, period.month!, 0)).toISOString().slice(0, 10);
    expect(report(after.body)).toMatchObject({ state: 'missing', dueDate: lastDay });
    expect(after.body.dueRule).toContain('A monthly report is due on the last day of its period.');
    const attention = await fx.staff.get(`${fx.base}/attention`);
    expect(attention.body.overdueReports.filter((r: { indicatorId: string; period: string }) => r.indicatorId === monthly && r.period === period.key)).toHaveLength(2);
  });
});

describe('a due date for one period', () => {
  it('the backbone sets one (audited), it wins over the rule, shows in upcoming; removing it restores the rule', async () => {
    const period = lastMonth();
    // Tomorrow: among the next due dates, and no longer overdue.
    const due = addDays(todayIn(timeZone), 1);
    const res = await fx.staff.put(`${url()}/overrides/${period.key}`, { dueDate: due });
    expect(res.status).toBe(200);
    expect(res.body.overrides).toEqual([expect.objectContaining({ period: period.key, dueDate: due })]);
    const home = await fx.partner.get(`${fx.base}/partners/${fx.partnerId}/home`);
    expect(home.body.todo.find((r: { period: string }) => r.period === period.key)).toMatchObject({ state: 'due', dueDate: due });

    const upcoming = await fx.partner.get(`${url()}/upcoming`);
    expect(upcoming.status).toBe(200);
    const item = upcoming.body.items.find((i: { period: string }) => i.period === period.key);
    // The partner counts its own report only.
    expect(item).toMatchObject({ periodicity: 'month', dueDate: due, overridden: true, expectedReports: 1, missingReports: 1 });
    const backbone = await fx.staff.get(`${url()}/upcoming`);
    expect(backbone.body.items.find((i: { period: string }) => i.period === period.key)).toMatchObject({ expectedReports: 2, missingReports: 2 });
    const funderView = await funder.get(`${url()}/upcoming`);
    expect(funderView.body.items.every((i: { expectedReports: null }) => i.expectedReports === null)).toBe(true);

    const del = await fx.staff.delete(`${url()}/overrides/${period.key}`);
    expect(del.status).toBe(200);
    expect(del.body.overrides).toEqual([]);
    expect((await fx.staff.delete(`${url()}/overrides/${period.key}`)).status).toBe(404);
    const actions = await sql<{ action: string }[]>(
      `SELECT action FROM audit_events WHERE collaboration_id = $1 AND action LIKE 'reporting_calendar.override%' ORDER BY created_at`,
      [fx.collaborationId],
    );
    expect(actions.map((a) => a.action)).toEqual(['reporting_calendar.override_set', 'reporting_calendar.override_delete']);
  });

  it('refuses a bad period key or a date before the period ends, naming the field; partners may not (403)', async () => {
    const bad = await fx.staff.put(`${url()}/overrides/2026-13`, { dueDate: '2026-12-31' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('params.period');
    const early = await fx.staff.put(`${url()}/overrides/2026-03`, { dueDate: '2026-03-30' });
    expect(early.status).toBe(400);
    expect(early.body.details).toEqual([{ path: 'dueDate', message: expect.stringContaining('2026-03-31') }]);
    const notDate = await fx.staff.put(`${url()}/overrides/2026-03`, { dueDate: '2026-02-30' });
    expect(notDate.status).toBe(400);
    expect(notDate.body.details[0].path).toBe('dueDate');
    expect((await fx.partnerAdmin.put(`${url()}/overrides/2026-03`, { dueDate: '2026-04-30' })).status).toBe(403);
    expect(await sql(`SELECT * FROM reporting_due_overrides WHERE collaboration_id = $1`, [fx.collaborationId])).toEqual([]);
  });
});

describe('GET /reminders', () => {
  beforeAll(async () => {
    // A reminder as the worker records it, with its notification to the partner's contributor.
    const [n] = await sql<{ id: string }[]>(
      `INSERT INTO notifications (user_id, collaboration_id, kind, title, body, link, email_state, email_error)
       VALUES ($1, $2, 'reminder', 'Reports due', 'CAL-M', '/x', 'failed', 'SMTP down') RETURNING id`,
      [fx.partner.user.id, fx.collaborationId],
    );
    await sql(
      `INSERT INTO reminders (collaboration_id, partner_id, periodicity, period, kind, due_date, indicator_ids, indicator_codes, notification_ids)
       VALUES ($1, $2, 'month', '2026-03', 'overdue_1', '2026-04-30', ARRAY[$3]::uuid[], ARRAY['CAL-M'], ARRAY[$4]::uuid[])`,
      [fx.collaborationId, fx.partnerId, monthly, n!.id],
    );
  });

  it('the backbone sees who was reminded, with each recipient’s email state', async () => {
    const res = await fx.staff.get(`${fx.base}/reminders`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        partner: { id: fx.partnerId, organisationName: expect.any(String) },
        periodicity: 'month',
        period: '2026-03',
        kind: 'overdue_1',
        dueDate: '2026-04-30',
        missing: [{ code: 'CAL-M', name: 'Indicator CAL-M' }],
        recipients: [expect.objectContaining({ userId: fx.partner.user.id, emailState: 'failed', emailError: 'SMTP down' })],
      }),
    ]);
  });

  it('a partner sees its own only (another partner’s id → 404); a funder may not (403); bad limit names the field', async () => {
    expect((await fx.partner.get(`${fx.base}/reminders`)).body.items).toHaveLength(1);
    expect((await fx.other.get(`${fx.base}/reminders`)).body.items).toHaveLength(0);
    expect((await fx.other.get(`${fx.base}/reminders?partnerId=${fx.partnerId}`)).status).toBe(404);
    expect((await funder.get(`${fx.base}/reminders`)).status).toBe(403);
    const bad = await fx.staff.get(`${fx.base}/reminders?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.limit');
  });
});
