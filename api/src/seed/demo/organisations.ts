import type { Role, SECTORS } from '@constellation/shared';
import type { PartnerKind } from '../../database/entities/partner.entity';

export type Sector = (typeof SECTORS)[number];

/**
 * An organisation and its participation in the demo collaboration. Plain data: the insert
 * code lives in ../insert. Times are whole days before the moment of seeding (see clock.ts).
 */
export interface DemoOrganisation {
  /** Stable key: ids are derived from it (demoId('organisation' | 'partner', key)). */
  key: string;
  name: string;
  /** What the organisation is. */
  sector: Sector;
  /** Its role in this collaboration when that differs (a hospital trust taking part as an employer). */
  partnerSector?: Sector;
  kind: PartnerKind;
  /** When it joined (accepted the invitation). */
  joinedDaysAgo: number;
  /** How long before joining it was invited (the partner row's created_at). */
  invitedDaysBeforeJoining: number;
  /** The agenda version it endorses now and when, by its partner admin; funders do not endorse. */
  endorsed?: { version: number; daysAgo: number };
}

export const BACKBONE: DemoOrganisation = {
  key: 'riverside-learning',
  name: 'Riverside Learning Partnership',
  sector: 'education',
  kind: 'backbone',
  /** The collaboration was created then: about 18 months ago. */
  joinedDaysAgo: 540,
  invitedDaysBeforeJoining: 0,
  endorsed: { version: 2, daysAgo: 120 },
};

/**
 * Twelve partners, joined over the last 18 months. Agenda v1 is 365 days old and v2 120 days:
 * ten endorse v2; two (St Mary's and Brightwell) still endorse only v1 and need to re-endorse.
 */
export const PARTNERS: readonly DemoOrganisation[] = [
  {
    key: 'northgate-primary',
    name: 'Northgate Primary School',
    sector: 'education',
    kind: 'partner',
    joinedDaysAgo: 535,
    invitedDaysBeforeJoining: 4,
    endorsed: { version: 2, daysAgo: 112 },
  },
  {
    key: 'st-marys-primary',
    name: "St Mary's Church of England Primary School",
    sector: 'education',
    kind: 'partner',
    joinedDaysAgo: 531,
    invitedDaysBeforeJoining: 8,
    endorsed: { version: 1, daysAgo: 359 },
  },
  {
    key: 'riverside-academies',
    name: 'Riverside Academies Trust',
    sector: 'education',
    kind: 'partner',
    joinedDaysAgo: 522,
    invitedDaysBeforeJoining: 14,
    endorsed: { version: 2, daysAgo: 109 },
  },
  {
    key: 'eastbank-early-years',
    name: 'Eastbank Early Years Centre',
    sector: 'education',
    kind: 'partner',
    joinedDaysAgo: 498,
    invitedDaysBeforeJoining: 6,
    endorsed: { version: 2, daysAgo: 117 },
  },
  {
    key: 'riverside-council',
    name: "Riverside City Council, Children's Services",
    sector: 'public_sector',
    kind: 'partner',
    joinedDaysAgo: 470,
    invitedDaysBeforeJoining: 21,
    endorsed: { version: 2, daysAgo: 98 },
  },
  {
    key: 'riverside-community-health',
    name: 'Riverside Community Health NHS Trust',
    sector: 'health',
    kind: 'partner',
    joinedDaysAgo: 431,
    invitedDaysBeforeJoining: 18,
    endorsed: { version: 2, daysAgo: 104 },
  },
  {
    key: 'riverside-college',
    name: 'Riverside College',
    sector: 'education',
    kind: 'partner',
    joinedDaysAgo: 388,
    invitedDaysBeforeJoining: 11,
    endorsed: { version: 2, daysAgo: 93 },
  },
  {
    key: 'riverside-libraries',
    name: 'Riverside Libraries',
    sector: 'library_culture',
    kind: 'partner',
    joinedDaysAgo: 322,
    invitedDaysBeforeJoining: 7,
    endorsed: { version: 2, daysAgo: 115 },
  },
  {
    key: 'brightwell-engineering',
    name: 'Brightwell Engineering Ltd',
    sector: 'business',
    partnerSector: 'employment',
    kind: 'partner',
    joinedDaysAgo: 251,
    invitedDaysBeforeJoining: 26,
    endorsed: { version: 1, daysAgo: 251 },
  },
  {
    key: 'millbrook-youth',
    name: 'Millbrook Youth Project',
    sector: 'community',
    kind: 'partner',
    joinedDaysAgo: 176,
    invitedDaysBeforeJoining: 8,
    endorsed: { version: 2, daysAgo: 101 },
  },
  {
    key: 'riverside-hospitals',
    name: 'Riverside University Hospitals NHS Foundation Trust',
    sector: 'health',
    partnerSector: 'employment',
    kind: 'partner',
    joinedDaysAgo: 83,
    invitedDaysBeforeJoining: 15,
    endorsed: { version: 2, daysAgo: 83 },
  },
  {
    key: 'riverside-parents',
    name: 'Riverside Parents Network',
    sector: 'community',
    kind: 'partner',
    joinedDaysAgo: 41,
    invitedDaysBeforeJoining: 4,
    endorsed: { version: 2, daysAgo: 41 },
  },
];

export const FUNDERS: readonly DemoOrganisation[] = [
  {
    key: 'riverside-community-foundation',
    name: 'Riverside Community Foundation',
    sector: 'funder',
    kind: 'funder',
    joinedDaysAgo: 489,
    invitedDaysBeforeJoining: 10,
  },
  {
    key: 'northstar-education-trust',
    name: 'Northstar Education Trust',
    sector: 'funder',
    kind: 'funder',
    joinedDaysAgo: 214,
    invitedDaysBeforeJoining: 12,
  },
];

/** Every organisation that is a member (backbone, partners, funders). */
export const MEMBER_ORGANISATIONS: readonly DemoOrganisation[] = [BACKBONE, ...PARTNERS, ...FUNDERS];

/** An organisation that asked to join with the join code; awaiting the backbone's decision. */
export const JOIN_REQUEST = {
  key: 'millbrook-community-church',
  name: 'Millbrook Community Church',
  sector: 'faith' as Sector,
  /** Key of the person who asked (people.ts); they have an account but no membership yet. */
  requestedBy: 'daniel-mensah',
  message:
    'We run holiday activity and food clubs for about 200 children in Millbrook every summer and half term, and ' +
    'would like to share our attendance numbers with the partnership.',
  daysAgo: 3,
} as const;

/** An organisation invited by the backbone admin; the invitation is still open. */
export const OPEN_INVITATION = {
  key: 'riverside-homes',
  organisationName: 'Riverside Homes',
  sector: 'housing' as Sector,
  email: 'priya.sharma@riversidehomes.example',
  role: 'partner_admin' as Role,
  /** Key of the inviting person (people.ts). */
  invitedBy: 'amara-okafor',
  message:
    'Families moving home in the middle of the school year is one of the biggest reasons children in Northgate ' +
    'change school. We would love Riverside Homes to join us.',
  daysAgo: 2,
  /** As the default INVITATION_TTL_DAYS. */
  ttlDays: 14,
} as const;
