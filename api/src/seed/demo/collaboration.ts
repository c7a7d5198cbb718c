import type { AgendaInput } from '@constellation/shared';
import { demoId } from './ids';

/**
 * The demo collaboration and its common agenda. Plain data: the insert code lives in ../insert.
 * Times are whole days before the moment of seeding (see clock.ts).
 */
export const DEMO_COLLABORATION = {
  key: 'riverside-c2c',
  name: 'Riverside Cradle to Career Partnership',
  slug: 'riverside-cradle-to-career',
  /** Organisations ask to join with this code (8 characters, A-Z0-9, none of the look-alikes 0 O 1 I). */
  joinCode: 'RVRSDC2C',
  /** The backbone organisation's key in organisations.ts. */
  backbone: 'riverside-learning',
  /**
   * The person who created it (key in people.ts). It was created when the backbone joined
   * (organisations.ts, about 18 months ago); the common agenda v1 was agreed months later.
   */
  createdBy: 'amara-okafor',
} as const;

/** The demo collaboration's id: the same in every database the demo is seeded into. */
export const DEMO_COLLABORATION_ID = demoId('collaboration', DEMO_COLLABORATION.key);

/** Settings that every agenda version carries (they can change with a version). */
const SETTINGS = {
  form: 'collective_impact',
  fiscalYearStartMonth: 4,
  timeZone: 'Europe/London',
  requiresApproval: true,
} as const satisfies Pick<AgendaInput, 'form' | 'fiscalYearStartMonth' | 'timeZone' | 'requiresApproval'>;

export interface DemoAgendaVersion extends AgendaInput {
  version: number;
  changeNote: string;
  /** Key of the author in people.ts. */
  author: string;
  daysAgo: number;
}

const VISION =
  'Every child and young person in Riverside, whatever street they grow up on, is supported from cradle to career ' +
  'to reach their full potential: ready for school, succeeding in school, and in education, employment or training ' +
  'as a young adult.';

const PROBLEM_V1 =
  'Riverside is a city of about 240,000 people, and where a child grows up here still decides too much of how their ' +
  'life goes. At the end of Reception, 61% of children in Northgate and Eastbank reach a good level of development, ' +
  'against 72% across the city. Fewer than half of disadvantaged pupils reach the expected standard in reading, ' +
  'writing and maths at the end of primary school, and one in eight 16-24 year-olds is not in education, employment ' +
  'or training. More than forty organisations work on these problems, but each measures something different, most ' +
  'funding lasts a year or two, and families fall through the gaps at every transition: from home to nursery, ' +
  'nursery to school, primary to secondary, and school to work.';

const PROBLEM_V2 =
  PROBLEM_V1 +
  ' Persistent absence has doubled since 2019: one secondary pupil in four now misses more than a tenth of the ' +
  'school year, and the gap between the priority wards and the rest of the city is widening.';

const PRINCIPLES_V1 = [
  'Start from the data, and share it openly with partners and families.',
  'Contribution, not attribution: we share the credit for results and do not rank each other.',
  'Close the gaps: judge success by how the children furthest behind are doing, not by the average.',
  'Build on what already works in Riverside before importing new programmes.',
  'Think long and short: hold to our long-term goals and celebrate every milestone on the way.',
];

export const AGENDA_VERSIONS: readonly DemoAgendaVersion[] = [
  {
    version: 1,
    ...SETTINGS,
    problemStatement: PROBLEM_V1,
    vision: VISION,
    principles: PRINCIPLES_V1,
    geography: 'City of Riverside (all 14 wards)',
    changeNote: '',
    author: 'amara-okafor',
    daysAgo: 365,
  },
  {
    version: 2,
    ...SETTINGS,
    problemStatement: PROBLEM_V2,
    vision: VISION,
    principles: [
      ...PRINCIPLES_V1,
      'Nothing about us without us: young people and parents sit on every action team.',
    ],
    geography: 'City of Riverside (all 14 wards), with Northgate, Eastbank and Millbrook as priority wards',
    changeNote:
      'After six listening sessions with parents and young people: added a principle on youth and parent ' +
      'voice, named Northgate, Eastbank and Millbrook as priority wards, and added persistent absence to the problem ' +
      'statement.',
    author: 'amara-okafor',
    daysAgo: 120,
  },
];

export const CURRENT_AGENDA_VERSION = AGENDA_VERSIONS[AGENDA_VERSIONS.length - 1]!.version;
