import type { ActivityStatus } from '@constellation/shared';

/**
 * Partners' programmes, each linked to a strategy (goals.ts) and to the indicators it
 * contributes to (codes in indicators.ts), with a few narrative updates. Plain data: inserts
 * live in ../insert. Ids are demoId('activity', key) and demoId('activity-update', `${key}:${i}`).
 */
export interface DemoActivityUpdate {
  /** Key of the author in people.ts. */
  author: string;
  body: string;
  daysAgo: number;
}

export interface DemoActivity {
  key: string;
  partner: string;
  strategy: string;
  name: string;
  description: string;
  status: ActivityStatus;
  /** Start and end dates in days before seeding (negative: still to come), or null. */
  startDaysAgo: number | null;
  endDaysAgo: number | null;
  indicators: readonly string[];
  /** Key of the person who created it (people.ts). */
  createdBy: string;
  daysAgo: number;
  updates: readonly DemoActivityUpdate[];
}

// prettier-ignore
export const ACTIVITIES: readonly DemoActivity[] = [
  {
    key: 'northgate-attendance-champions', partner: 'northgate-primary', strategy: 'every-day-counts',
    name: 'Attendance champions', status: 'active', startDaysAgo: 817, endDaysAgo: null,
    description: 'A family liaison officer calls home on the first morning of any unexplained absence and runs a weekly breakfast club for pupils at risk of persistent absence.',
    indicators: ['ATT-01', 'PA-01'], createdBy: 'helen-carter', daysAgo: 500,
    updates: [
      { author: 'james-osei', daysAgo: 64, body: 'Breakfast club now has 46 regulars. Persistent absence in Years 3-4 is down from 19% to 14% since September; Year 6 has not moved, so we are trying a Year 6 mentoring pair next half term.' },
    ],
  },
  {
    key: 'northgate-reading-volunteers', partner: 'northgate-primary', strategy: 'read-by-eleven',
    name: 'Reading volunteers in Year 5 and 6', status: 'active', startDaysAgo: 691, endDaysAgo: null,
    description: 'Twelve trained volunteers read one-to-one three times a week with pupils more than a year behind their reading age.',
    indicators: ['RAG-01', 'EL-01'], createdBy: 'helen-carter', daysAgo: 420, updates: [],
  },
  {
    key: 'st-marys-every-day-counts', partner: 'st-marys-primary', strategy: 'every-day-counts',
    name: 'Every Day Counts family workshops', status: 'completed', startDaysAgo: 788, endDaysAgo: 498,
    description: 'Termly workshops for parents on why attendance matters, with the education welfare officer.',
    indicators: ['ATT-01', 'PA-01'], createdBy: 'rachel-hughes', daysAgo: 480, updates: [],
  },
  {
    key: 'academies-transition-summer-school', partner: 'riverside-academies', strategy: 'primary-secondary-transition',
    name: 'Transition summer school', status: 'active', startDaysAgo: 488, endDaysAgo: null,
    description: 'Two weeks in August for incoming Year 7 pupils from partner primaries, with a named mentor for the first term.',
    indicators: ['ATT-01', 'GCSE-01'], createdBy: 'mark-jennings', daysAgo: 460, updates: [],
  },
  {
    key: 'academies-careers-fairs', partner: 'riverside-academies', strategy: 'employer-encounters',
    name: 'Year 10 careers encounters', status: 'active', startDaysAgo: 663, endDaysAgo: null,
    description: 'Every Year 10 pupil meets at least three employers at termly encounters and has a one-to-one careers interview.',
    indicators: ['PROG-01'], createdBy: 'sofia-rossi', daysAgo: 300, updates: [],
  },
  {
    key: 'eastbank-two-year-offer', partner: 'eastbank-early-years', strategy: 'early-education-take-up',
    name: 'Funded places for two-year-olds', status: 'active', startDaysAgo: 971, endDaysAgo: null,
    description: 'Door-knocking and outreach at health visitor clinics to raise take-up of funded two-year-old places in Eastbank.',
    indicators: ['KR-01', 'QUAL-01'], createdBy: 'fatima-begum', daysAgo: 470,
    updates: [
      { author: 'fatima-begum', daysAgo: 40, body: 'Take-up of funded places among eligible two-year-olds reached 81% this term, up from 68% a year ago. Most new families came through the health visitor clinics rather than door-knocking.' },
    ],
  },
  {
    key: 'council-neet-tracking', partner: 'riverside-council', strategy: 're-engagement',
    name: 'NEET tracking and follow-up', status: 'active', startDaysAgo: 971, endDaysAgo: null,
    description: 'Monthly tracking of every 16-18 year-old resident, with a youth worker contact within ten days of becoming NEET.',
    indicators: ['NEET-01'], createdBy: 'simon-clarke', daysAgo: 450, updates: [],
  },
  {
    key: 'council-family-hubs', partner: 'riverside-council', strategy: 'parents-as-first-teachers',
    name: 'Family hubs in the priority wards', status: 'active', startDaysAgo: 606, endDaysAgo: null,
    description: 'Family hubs in Northgate, Eastbank and Millbrook bring key workers, health visitors and stay-and-play under one roof.',
    indicators: ['KW-01', 'KR-01'], createdBy: 'naomi-brooks', daysAgo: 380, updates: [],
  },
  {
    key: 'health-slt-drop-ins', partner: 'riverside-community-health', strategy: 'early-speech-language',
    name: 'Speech and language drop-ins', status: 'paused', startDaysAgo: 684, endDaysAgo: null,
    description: 'Weekly drop-ins at children’s centres where parents can talk to a speech and language therapist without a referral.',
    indicators: ['SLT-01', 'SERVE-01'], createdBy: 'aisha-patel', daysAgo: 400,
    updates: [
      { author: 'owen-price', daysAgo: 21, body: 'We have paused the drop-ins for this quarter: two therapist vacancies mean the waiting list has to come first. The longest wait is still 24 weeks. Recruitment closes next month.' },
    ],
  },
  {
    key: 'college-progression-coaches', partner: 'riverside-college', strategy: 're-engagement',
    name: 'Progression coaches', status: 'active', startDaysAgo: 818, endDaysAgo: null,
    description: 'Coaches follow up students at risk of dropping out in their first term and help early leavers back into learning.',
    indicators: ['PROG-01', 'SERVE-01'], createdBy: 'david-lewis', daysAgo: 360, updates: [],
  },
  {
    key: 'libraries-every-child-a-member', partner: 'riverside-libraries', strategy: 'read-by-eleven',
    name: 'Every child a member', status: 'active', startDaysAgo: 691, endDaysAgo: null,
    description: 'Every Reception and Year 7 pupil in partner schools gets a library card, with class visits to the nearest branch.',
    indicators: ['LIB-01', 'RAG-01'], createdBy: 'margaret-ellis', daysAgo: 310,
    updates: [
      { author: 'margaret-ellis', daysAgo: 12, body: 'Class visits this autumn signed up 620 new junior members, most of them in Northgate and Millbrook branches.' },
    ],
  },
  {
    key: 'libraries-summer-reading', partner: 'riverside-libraries', strategy: 'parents-as-first-teachers',
    name: 'Summer Reading Challenge', status: 'completed', startDaysAgo: 140, endDaysAgo: 83,
    description: 'Six books over the summer holidays, with family events at every branch.',
    indicators: ['SERVE-01', 'RAG-01'], createdBy: 'margaret-ellis', daysAgo: 150, updates: [],
  },
  {
    key: 'brightwell-apprenticeships', partner: 'brightwell-engineering', strategy: 'apprenticeships',
    name: 'Entry-level engineering apprenticeships', status: 'active', startDaysAgo: 453, endDaysAgo: null,
    description: 'Eight level 2 apprenticeships a year ring-fenced for Riverside 16-19 year-olds, with a pre-apprenticeship taster week.',
    indicators: ['EMP-01'], createdBy: 'gareth-evans', daysAgo: 240, updates: [],
  },
  {
    key: 'millbrook-holiday-clubs', partner: 'millbrook-youth', strategy: 'active-lives',
    name: 'Holiday activity and food clubs', status: 'active', startDaysAgo: 600, endDaysAgo: null,
    description: 'Free sport, arts and a hot meal every weekday of the Easter, summer and Christmas holidays.',
    indicators: ['SERVE-01'], createdBy: 'kwame-asante', daysAgo: 170, updates: [],
  },
  {
    key: 'millbrook-detached-youth-work', partner: 'millbrook-youth', strategy: 're-engagement',
    name: 'Detached youth work', status: 'planned', startDaysAgo: -37, endDaysAgo: null,
    description: 'Youth workers on the streets of Millbrook three evenings a week, reaching young people who do not use services.',
    indicators: ['KW-01'], createdBy: 'ellie-ward', daysAgo: 30, updates: [],
  },
  {
    key: 'hospitals-supported-internships', partner: 'riverside-hospitals', strategy: 'apprenticeships',
    name: 'Supported internships', status: 'active', startDaysAgo: 82, endDaysAgo: -230,
    description: 'A year-long supported internship on hospital wards for young people with special educational needs.',
    indicators: ['EMP-01'], createdBy: 'lucy-bennett', daysAgo: 70, updates: [],
  },
  {
    key: 'parents-book-sharing', partner: 'riverside-parents', strategy: 'parents-as-first-teachers',
    name: 'Book-sharing groups', status: 'active', startDaysAgo: 54, endDaysAgo: null,
    description: 'Parent-led book-sharing groups for families with under-fives, meeting weekly in community venues.',
    indicators: ['SERVE-01'], createdBy: 'joanne-murphy', daysAgo: 35, updates: [],
  },
];
