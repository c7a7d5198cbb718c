import { Person } from './client';

/**
 * A collaboration set up the way people set it up, through the api: the backbone admin signs
 * up and creates it, defines dimensions and indicators, invites partner admins (who sign up,
 * endorse the agenda and accept), and records the partners' commitments.
 */
export interface Collaboration {
  id: string;
  goalId: string;
  admin: Person;
  base: string;
}

export async function createCollaboration(
  baseUrl: string,
  opts: { fiscalYearStartMonth: number; requiresApproval: boolean },
): Promise<Collaboration> {
  const admin = await Person.signUp(baseUrl, 'backbone');
  const detail = await admin.expect<{ id: string; goals: Array<{ id: string }> }>(
    201,
    'POST',
    '/api/collaborations',
    {
      name: `System test ${admin.email.split('@')[0]}`,
      backboneOrganisationName: 'Riverton Community Foundation',
      agenda: {
        problemStatement: 'Too few children in Riverton start school ready to learn.',
        vision: 'Every child in Riverton ready for school.',
        principles: ['Share the data'],
        geography: 'Riverton',
        form: 'collective_impact',
        fiscalYearStartMonth: opts.fiscalYearStartMonth,
        timeZone: 'UTC',
        requiresApproval: opts.requiresApproval,
      },
      goals: [{ title: 'School readiness', description: '', targetDate: '2032-12-31', strategies: [] }],
    },
  );
  return { id: detail.id, goalId: detail.goals[0].id, admin, base: `/api/collaborations/${detail.id}` };
}

export async function createDimension(c: Collaboration, key: string, categories: string[]): Promise<string> {
  const d = await c.admin.expect<{ id: string }>(201, 'POST', `${c.base}/dimensions`, {
    key,
    name: key,
    categories: categories.map((k) => ({ key: k, name: k.toUpperCase() })),
  });
  return d.id;
}

export interface IndicatorSpec {
  code: string;
  valueType: 'count' | 'amount' | 'percentage' | 'ratio';
  periodicity: 'month' | 'quarter' | 'year';
  aggregationAcrossPartners: 'sum' | 'average' | 'min' | 'max' | 'ratio';
  aggregationOverTime: 'sum' | 'last' | 'average';
  dimensions?: string[];
  /** Period keys valid for the collaboration's fiscal year. */
  baselinePeriod: string;
  longTermPeriod: string;
}

export async function createIndicator(c: Collaboration, s: IndicatorSpec): Promise<string> {
  const percentage = s.valueType === 'percentage';
  const ind = await c.admin.expect<{ id: string }>(201, 'POST', `${c.base}/indicators`, {
    code: s.code,
    name: `Indicator ${s.code}`,
    definition: `What ${s.code} measures.`,
    unit: percentage ? '%' : 'units',
    valueType: s.valueType,
    direction: 'increase',
    periodicity: s.periodicity,
    aggregationAcrossPartners: s.aggregationAcrossPartners,
    aggregationOverTime: s.aggregationOverTime,
    dimensions: s.dimensions ?? [],
    baseline: { value: percentage ? '10' : '100', period: s.baselinePeriod },
    targets: [{ period: s.longTermPeriod, value: percentage ? '90' : '100000', kind: 'long_term' }],
    dataSource: 'Partner registers',
    measureType: 'performance',
    goalId: c.goalId,
  });
  return ind.id;
}

export interface Partner {
  id: string;
  /** The partner organisation's admin (values.write for its own organisation). */
  person: Person;
}

/** The backbone invites a new organisation's partner admin, who signs up, endorses the agenda and accepts. */
export async function addPartner(c: Collaboration, label: string): Promise<Partner> {
  const person = await Person.signUp(c.admin.baseUrl, label);
  const invitation = await c.admin.expect<{ acceptUrl: string }>(201, 'POST', `${c.base}/invitations`, {
    email: person.email,
    organisationName: `Partner ${label}`,
    sector: 'education',
    role: 'partner_admin',
  });
  const token = invitation.acceptUrl.split('/').pop()!;
  const accepted = await person.expect<{ partnerId: string }>(
    200,
    'POST',
    `/api/invitations/${token}/accept`,
    {
      endorsedAgendaVersion: 1,
    },
  );
  return { id: accepted.partnerId, person };
}

/** The backbone records the partner's commitments (it reports these indicators from `startPeriod`). */
export async function commit(
  c: Collaboration,
  partner: Partner,
  commitments: Array<{ indicatorId: string; startPeriod: string }>,
): Promise<void> {
  await c.admin.expect(200, 'PUT', `${c.base}/partners/${partner.id}/commitments`, { commitments });
}

export interface ValueRow {
  indicatorId: string;
  partnerId: string;
  period: string;
  cell?: 'total' | Record<string, string>;
  value?: string;
  numerator?: string;
  denominator?: string;
}

/** POST …/values/batch as the partner (submitted at once). */
export async function submitValues(
  c: Collaboration,
  partner: Partner,
  values: ValueRow[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  return partner.person.expect(200, 'POST', `${c.base}/values/batch`, { values, submit: true });
}
