/**
 * The demo collaboration's long-term goals and their strategies. Plain data: inserts live in
 * ../insert. Ids are demoId('goal', key) and demoId('strategy', key), so later seed steps
 * (indicators, activities) attach to them by key.
 */
export interface DemoStrategy {
  key: string;
  name: string;
  description: string;
}

export interface DemoGoal {
  key: string;
  title: string;
  description: string;
  /** YYYY-MM-DD */
  targetDate: string;
  /** When it was agreed, in days before seeding. */
  daysAgo: number;
  strategies: readonly DemoStrategy[];
}

export const GOALS: readonly DemoGoal[] = [
  {
    key: 'ready-for-school',
    title: 'Every child ready for school',
    description:
      'By summer 2030, 75% of children in every ward reach a good level of development at the end of Reception, and ' +
      'the gap between the priority wards and the city closes.',
    targetDate: '2030-07-31',
    daysAgo: 365,
    strategies: [
      {
        key: 'early-education-take-up',
        name: 'Early education for every two- to four-year-old',
        description:
          'Raise take-up of funded early education places, starting with eligible two-year-olds in Northgate and Eastbank.',
      },
      {
        key: 'parents-as-first-teachers',
        name: 'Parents as first teachers',
        description:
          'Book-sharing, stay-and-play and home learning support through children’s centres, libraries and health visitors.',
      },
      {
        key: 'early-speech-language',
        name: 'Spot speech and language needs early',
        description: 'Check every child at the two-year review and get help started within six weeks.',
      },
    ],
  },
  {
    key: 'succeed-in-school',
    title: 'Every young person succeeds in school',
    description:
      'By 2031, disadvantaged pupils in Riverside do as well as all pupils nationally in reading, writing and maths at ' +
      'eleven and in English and maths at sixteen.',
    targetDate: '2031-07-31',
    daysAgo: 365,
    strategies: [
      {
        key: 'read-by-eleven',
        name: 'Read by eleven',
        description:
          'Reading volunteers, library membership for every pupil, and tutoring for children behind in Year 5 and 6.',
      },
      {
        key: 'every-day-counts',
        name: 'Every day counts',
        description: 'Family support workers follow up early with pupils at risk of persistent absence.',
      },
      {
        key: 'primary-secondary-transition',
        name: 'A good move to secondary school',
        description: 'Shared transition plans, summer schools and a named mentor for vulnerable pupils.',
      },
    ],
  },
  {
    key: 'education-employment-training',
    title: 'Every young person in education, employment or training by 21',
    description:
      'By March 2032, fewer than 5% of Riverside 16-21 year-olds are not in education, employment or training, in every ward.',
    targetDate: '2032-03-31',
    daysAgo: 365,
    strategies: [
      {
        key: 'employer-encounters',
        name: 'Careers guidance and employer encounters',
        description:
          'Every secondary pupil meets at least one employer every year, and has careers guidance before choosing options.',
      },
      {
        key: 'apprenticeships',
        name: 'Apprenticeships and supported internships',
        description:
          'Local employers open entry-level apprenticeships and supported internships to Riverside young people.',
      },
      {
        key: 're-engagement',
        name: 'Re-engage young people who have dropped out',
        description:
          'Youth workers and the college find and support young people not in education, employment or training.',
      },
    ],
  },
  {
    key: 'healthy-and-supported',
    title: 'Every young person healthy and supported',
    description:
      'By 2031, young people in Riverside get help with their mental health within four weeks of asking, and fewer ' +
      'children leave primary school above a healthy weight.',
    targetDate: '2031-03-31',
    daysAgo: 120,
    strategies: [
      {
        key: 'mental-health-in-schools',
        name: 'Mental health support in schools and college',
        description:
          'Mental health support teams and trained staff in every secondary school and the college.',
      },
      {
        key: 'active-lives',
        name: 'Healthy weight and active lives',
        description:
          'Free holiday activities with healthy food, and daily physical activity in primary schools.',
      },
    ],
  },
];
