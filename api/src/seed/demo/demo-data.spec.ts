import {
  agendaSchema,
  createInvitationSchema,
  email,
  goalWithStrategiesSchema,
  joinRequestSchema,
  ROLES,
  SECTORS,
  slug,
} from '@constellation/shared';
import { AGENDA_VERSIONS, DEMO_COLLABORATION } from './collaboration';
import { demoClock } from './clock';
import { GOALS } from './goals';
import { demoId } from './ids';
import {
  BACKBONE,
  FUNDERS,
  JOIN_REQUEST,
  MEMBER_ORGANISATIONS,
  OPEN_INVITATION,
  PARTNERS,
} from './organisations';
import { DEMO_ACCOUNTS, PEOPLE } from './people';
import { prng } from './prng';
import { endorsedAt, invitedAt, joinedAt, personAddedAt, agendaVersionAt } from '../insert/timeline';

const DAY = 24 * 60 * 60 * 1000;

describe('demo data', () => {
  it('is what the api itself would accept', () => {
    expect(slug.parse(DEMO_COLLABORATION.slug)).toBe(DEMO_COLLABORATION.slug);
    expect(DEMO_COLLABORATION.joinCode).toMatch(/^[A-Z0-9]{8}$/);
    for (const v of AGENDA_VERSIONS) {
      const { version: _v, changeNote: _c, author: _a, daysAgo: _d, ...agenda } = v;
      expect(() => agendaSchema.parse(agenda)).not.toThrow();
    }
    for (const { key: _k, daysAgo: _d, strategies, ...goal } of GOALS) {
      const input = { ...goal, strategies: strategies.map(({ key: _s, ...s }) => s) };
      expect(() => goalWithStrategiesSchema.parse(input)).not.toThrow();
    }
    for (const person of PEOPLE) expect(email.parse(person.email)).toBe(person.email);
    expect(() =>
      joinRequestSchema.parse({
        joinCode: DEMO_COLLABORATION.joinCode,
        organisationName: JOIN_REQUEST.name,
        sector: JOIN_REQUEST.sector,
        message: JOIN_REQUEST.message,
      }),
    ).not.toThrow();
    expect(() =>
      createInvitationSchema.parse({
        email: OPEN_INVITATION.email,
        organisationName: OPEN_INVITATION.organisationName,
        sector: OPEN_INVITATION.sector,
        role: OPEN_INVITATION.role,
        message: OPEN_INVITATION.message,
      }),
    ).not.toThrow();
    for (const org of MEMBER_ORGANISATIONS) {
      expect(SECTORS).toContain(org.sector);
      expect(SECTORS).toContain(org.partnerSector ?? org.sector);
    }
  });

  it('has unique keys, names and emails, all on reserved example domains', () => {
    const unique = (xs: readonly string[]) => expect(new Set(xs).size).toBe(xs.length);
    unique(MEMBER_ORGANISATIONS.map((o) => o.key).concat(JOIN_REQUEST.key, OPEN_INVITATION.key));
    unique(
      MEMBER_ORGANISATIONS.map((o) => o.name).concat(JOIN_REQUEST.name, OPEN_INVITATION.organisationName),
    );
    unique(PEOPLE.map((p) => p.key));
    unique(PEOPLE.map((p) => p.email).concat(OPEN_INVITATION.email));
    unique(GOALS.flatMap((g) => [g.key, ...g.strategies.map((s) => `strategy:${s.key}`)]));
    for (const address of PEOPLE.map((p) => p.email).concat(OPEN_INVITATION.email)) {
      expect(address).toMatch(/@[a-z0-9.-]+\.example$/);
      expect(address).toBe(address.toLowerCase());
    }
  });

  it('gives each organisation the people its role needs', () => {
    expect(PARTNERS).toHaveLength(12);
    expect(FUNDERS).toHaveLength(2);
    for (const person of PEOPLE) {
      if (person.role) expect(ROLES).toContain(person.role);
      const known =
        MEMBER_ORGANISATIONS.some((o) => o.key === person.organisation) ||
        person.organisation === JOIN_REQUEST.key;
      expect(known).toBe(true);
    }
    const rolesOf = (key: string) => PEOPLE.filter((p) => p.organisation === key).map((p) => p.role);
    expect(rolesOf(BACKBONE.key).sort()).toEqual(['backbone_admin', 'backbone_staff']);
    for (const partner of PARTNERS) {
      expect(rolesOf(partner.key).filter((r) => r === 'partner_admin')).toHaveLength(1);
      expect(rolesOf(partner.key).every((r) => r === 'partner_admin' || r === 'partner_contributor')).toBe(
        true,
      );
    }
    for (const funder of FUNDERS) expect(rolesOf(funder.key)).toEqual(['funder']);
    expect(rolesOf(JOIN_REQUEST.key)).toEqual([null]);
    expect(DEMO_ACCOUNTS).toHaveLength(PEOPLE.length);
  });

  it('tells a consistent story over the last 18 months', () => {
    const now = new Date('2026-03-15T10:30:00Z');
    const clock = demoClock(now);
    const eighteenMonthsAgo = new Date('2024-09-15T00:00:00Z');
    const v = (n: number) => agendaVersionAt(clock, n);
    expect(v(1).getTime()).toBeLessThan(v(2).getTime());
    expect(Math.round((now.getTime() - v(1).getTime()) / DAY)).toBeGreaterThanOrEqual(364);
    expect(Math.round((now.getTime() - v(1).getTime()) / DAY)).toBeLessThanOrEqual(366);
    for (const org of MEMBER_ORGANISATIONS) {
      const created = invitedAt(clock, org);
      const joined = joinedAt(clock, org);
      expect(created.getTime()).toBeGreaterThanOrEqual(eighteenMonthsAgo.getTime());
      // nobody is invited before the collaboration exists (it was created when the backbone joined)
      expect(created.getTime()).toBeGreaterThanOrEqual(joinedAt(clock, BACKBONE).getTime());
      expect(created.getTime()).toBeLessThanOrEqual(joined.getTime());
      expect(joined.getTime()).toBeLessThan(now.getTime());
      const endorsed = endorsedAt(clock, org);
      if (org.endorsed) {
        expect(endorsed!.getTime()).toBeGreaterThanOrEqual(joined.getTime());
        expect(endorsed!.getTime()).toBeGreaterThan(v(org.endorsed.version).getTime());
        expect(endorsed!.getTime()).toBeLessThan(now.getTime());
      } else {
        expect(org.kind).toBe('funder');
      }
    }
    for (const person of PEOPLE) expect(personAddedAt(clock, person).getTime()).toBeLessThan(now.getTime());
    const endorsing = (version: number) => PARTNERS.filter((p) => p.endorsed?.version === version).length;
    expect(endorsing(2)).toBe(10);
    expect(endorsing(1)).toBe(2);
  });

  it('derives the same ids and dates every time', () => {
    const id = demoId('partner', 'northgate-primary');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(demoId('partner', 'northgate-primary')).toBe(id);
    expect(demoId('organisation', 'northgate-primary')).not.toBe(id);
    const now = new Date('2026-01-01T00:00:00Z');
    expect(demoClock(now).at(10, 'x')).toEqual(demoClock(now).at(10, 'x'));
    const a = prng('seed');
    const b = prng('seed');
    const xs = Array.from({ length: 5 }, () => a.int(1, 100));
    expect(Array.from({ length: 5 }, () => b.int(1, 100))).toEqual(xs);
    expect(() => demoClock(now).at(0, 'today')).toThrow();
  });
});
