/**
 * Which indicators each partner commits to report (indicator codes in indicators.ts), by the
 * sector it works in. Every commitment starts three years back: partners backfilled their
 * history when they joined. Plain data: inserts live in ../insert.
 */
export const COMMITMENTS: Readonly<Record<string, readonly string[]>> = {
  // Schools: attendance, absence and attainment
  'northgate-primary': ['ATT-01', 'PA-01', 'EL-01', 'RAG-01'],
  'st-marys-primary': ['ATT-01', 'PA-01', 'EL-01'],
  'riverside-academies': ['ATT-01', 'PA-01', 'GCSE-01', 'PROG-01'],
  // Early years: readiness, setting quality, family support
  'eastbank-early-years': ['KR-01', 'QUAL-01', 'KW-01', 'FUND-01'],
  // The council: NEET tracking, the readiness return, early help caseloads
  'riverside-council': ['NEET-01', 'KR-01', 'KW-01', 'FUND-01'],
  // Health: speech and language waits, children seen
  'riverside-community-health': ['SLT-01', 'SERVE-01'],
  'riverside-college': ['PROG-01', 'SERVE-01'],
  // Library: memberships and reading
  'riverside-libraries': ['LIB-01', 'RAG-01', 'SERVE-01'],
  // Employers: placements
  'brightwell-engineering': ['EMP-01', 'SERVE-01'],
  'millbrook-youth': ['SERVE-01', 'KW-01', 'QUAL-01'],
  'riverside-hospitals': ['EMP-01', 'SERVE-01'],
  'riverside-parents': ['SERVE-01', 'FUND-01'],
};

/** Who enters a partner's data (key in people.ts): its contributor where it has one, else its admin. */
export const DATA_ENTRY: Readonly<Record<string, string>> = {
  'northgate-primary': 'james-osei',
  'st-marys-primary': 'rachel-hughes',
  'riverside-academies': 'sofia-rossi',
  'eastbank-early-years': 'fatima-begum',
  'riverside-council': 'naomi-brooks',
  'riverside-community-health': 'owen-price',
  'riverside-college': 'chloe-martin',
  'riverside-libraries': 'margaret-ellis',
  'brightwell-engineering': 'gareth-evans',
  'millbrook-youth': 'ellie-ward',
  'riverside-hospitals': 'lucy-bennett',
  'riverside-parents': 'joanne-murphy',
};

/** The backbone person who reviews submissions (people.ts). */
export const REVIEWER = 'tom-whitfield';
