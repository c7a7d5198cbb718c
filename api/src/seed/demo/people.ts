import type { Role } from '@constellation/shared';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_CONTRIBUTOR_EMAIL,
  DEMO_FUNDER_EMAIL,
  DEMO_PARTNER_ADMIN_EMAIL,
  DEMO_REQUESTER_EMAIL,
  DEMO_STAFF_EMAIL,
} from './accounts';
import { JOIN_REQUEST, MEMBER_ORGANISATIONS } from './organisations';

/**
 * The demo people. Each has an account (password DEMO_PASSWORD) and, except the person who
 * asked to join, one membership through their organisation. Plain data: inserts live in ../insert.
 */
export interface DemoPerson {
  /** Stable key: the user id is demoId('user', key), the membership id demoId('membership', key). */
  key: string;
  name: string;
  email: string;
  /** What they do (printed by the CLI; not stored). */
  title: string;
  /** Key of their organisation (organisations.ts). */
  organisation: string;
  /** Their role in the demo collaboration; null for someone without a membership yet. */
  role: Role | null;
  /** Days after their organisation joined that they were added (0 = the person who accepted). */
  addedDaysAfterJoining: number;
}

// One row a person: key, name, email, title, organisation key, role, days after joining.
// prettier-ignore
export const PEOPLE: readonly DemoPerson[] = [
  // Backbone
  p('amara-okafor', 'Amara Okafor', DEMO_ADMIN_EMAIL, 'Director', 'riverside-learning', 'backbone_admin'),
  p('tom-whitfield', 'Tom Whitfield', DEMO_STAFF_EMAIL, 'Data and Evaluation Manager', 'riverside-learning', 'backbone_staff', 12),
  // Partners: one partner admin each (who accepted the invitation and endorses the agenda), and a
  // contributor where the data work sits with someone else
  p('helen-carter', 'Helen Carter', DEMO_PARTNER_ADMIN_EMAIL, 'Headteacher', 'northgate-primary', 'partner_admin'),
  p('james-osei', 'James Osei', DEMO_CONTRIBUTOR_EMAIL, 'School Business and Data Manager', 'northgate-primary', 'partner_contributor', 9),
  p('rachel-hughes', 'Rachel Hughes', 'rachel.hughes@stmarys-riverside.example', 'Headteacher', 'st-marys-primary', 'partner_admin'),
  p('mark-jennings', 'Mark Jennings', 'mark.jennings@riversideacademies.example', 'Director of Education', 'riverside-academies', 'partner_admin'),
  p('sofia-rossi', 'Sofia Rossi', 'sofia.rossi@riversideacademies.example', 'Trust Data Lead', 'riverside-academies', 'partner_contributor', 16),
  p('fatima-begum', 'Fatima Begum', 'fatima.begum@eastbankearlyyears.example', 'Centre Manager', 'eastbank-early-years', 'partner_admin'),
  p('simon-clarke', 'Simon Clarke', 'simon.clarke@riverside-council.example', 'Head of Early Help', 'riverside-council', 'partner_admin'),
  p('naomi-brooks', 'Naomi Brooks', 'naomi.brooks@riverside-council.example', 'Performance Analyst', 'riverside-council', 'partner_contributor', 23),
  p('aisha-patel', 'Dr Aisha Patel', 'aisha.patel@riversidecommunityhealth.example', 'Clinical Director, Children and Families', 'riverside-community-health', 'partner_admin'),
  p('owen-price', 'Owen Price', 'owen.price@riversidecommunityhealth.example', 'Health Visiting Data Lead', 'riverside-community-health', 'partner_contributor', 30),
  p('david-lewis', 'David Lewis', 'david.lewis@riversidecollege.example', 'Vice Principal, Students', 'riverside-college', 'partner_admin'),
  p('chloe-martin', 'Chloe Martin', 'chloe.martin@riversidecollege.example', 'Management Information Officer', 'riverside-college', 'partner_contributor', 14),
  p('margaret-ellis', 'Margaret Ellis', 'margaret.ellis@riversidelibraries.example', 'Head of Library Services', 'riverside-libraries', 'partner_admin'),
  p('gareth-evans', 'Gareth Evans', 'gareth.evans@brightwell.example', 'HR and Apprenticeships Manager', 'brightwell-engineering', 'partner_admin'),
  p('kwame-asante', 'Kwame Asante', 'kwame.asante@millbrookyouth.example', 'Chief Executive', 'millbrook-youth', 'partner_admin'),
  p('ellie-ward', 'Ellie Ward', 'ellie.ward@millbrookyouth.example', 'Youth Work Coordinator', 'millbrook-youth', 'partner_contributor', 7),
  p('lucy-bennett', 'Lucy Bennett', 'lucy.bennett@riversidehospitals.example', 'Head of Apprenticeships and Widening Participation', 'riverside-hospitals', 'partner_admin'),
  p('joanne-murphy', 'Joanne Murphy', 'joanne.murphy@riversideparents.example', 'Network Coordinator', 'riverside-parents', 'partner_admin'),
  // Funders
  p('peter-walsh', 'Peter Walsh', DEMO_FUNDER_EMAIL, 'Grants Manager', 'riverside-community-foundation', 'funder'),
  p('harriet-lowe', 'Harriet Lowe', 'harriet.lowe@northstartrust.example', 'Programme Officer', 'northstar-education-trust', 'funder'),
  // Asked to join with the join code (no membership until the backbone approves)
  p('daniel-mensah', 'Daniel Mensah', DEMO_REQUESTER_EMAIL, 'Children and Families Pastor', JOIN_REQUEST.key, null),
];

function p(
  key: string,
  name: string,
  email: string,
  title: string,
  organisation: string,
  role: Role | null,
  addedDaysAfterJoining = 0,
): DemoPerson {
  return { key, name, email, title, organisation, role, addedDaysAfterJoining };
}

export function personByKey(key: string): DemoPerson {
  const person = PEOPLE.find((x) => x.key === key);
  if (!person) throw new Error(`no demo person ${key}`);
  return person;
}

/** The partner admin of an organisation: who accepted its invitation and endorses for it. */
export function partnerAdminOf(organisationKey: string): DemoPerson | undefined {
  return PEOPLE.find(
    (x) => x.organisation === organisationKey && (x.role === 'partner_admin' || x.role === 'backbone_admin'),
  );
}

export interface DemoAccount {
  email: string;
  name: string;
  title: string;
  organisation: string;
  /** The role, or a description such as "join request pending". */
  role: string;
}

/** The demo accounts as a person reads them (all share DEMO_PASSWORD). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = PEOPLE.map((person) => {
  const org =
    person.organisation === JOIN_REQUEST.key
      ? JOIN_REQUEST.name
      : (MEMBER_ORGANISATIONS.find((o) => o.key === person.organisation)?.name ?? person.organisation);
  return {
    email: person.email,
    name: person.name,
    title: person.title,
    organisation: org,
    role: person.role ?? 'join request pending',
  };
});
