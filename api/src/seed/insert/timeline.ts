import { AGENDA_VERSIONS } from '../demo/collaboration';
import type { DemoClock } from '../demo/clock';
import {
  JOIN_REQUEST,
  MEMBER_ORGANISATIONS,
  OPEN_INVITATION,
  type DemoOrganisation,
} from '../demo/organisations';
import type { DemoPerson } from '../demo/people';

/**
 * Turns the data's "days ago" into timestamps, the same way in every step, and keeps the
 * story consistent: nobody endorses a version before it exists or before joining.
 */
export function later(notBefore: Date, candidate: Date): Date {
  return candidate.getTime() > notBefore.getTime() ? candidate : new Date(notBefore.getTime() + 17 * 60_000);
}

export function joinedAt(clock: DemoClock, org: DemoOrganisation): Date {
  return clock.at(org.joinedDaysAgo, `join:${org.key}`);
}

/** The partner row's created_at: when the organisation was invited. */
export function invitedAt(clock: DemoClock, org: DemoOrganisation): Date {
  if (org.invitedDaysBeforeJoining === 0) return joinedAt(clock, org);
  return clock.at(org.joinedDaysAgo + org.invitedDaysBeforeJoining, `invite:${org.key}`);
}

export function agendaVersionAt(clock: DemoClock, version: number): Date {
  const v = AGENDA_VERSIONS.find((x) => x.version === version);
  if (!v) throw new Error(`no demo agenda version ${version}`);
  return clock.at(v.daysAgo, `agenda:${version}`);
}

export function endorsedAt(clock: DemoClock, org: DemoOrganisation): Date | null {
  if (!org.endorsed) return null;
  const candidate = clock.at(org.endorsed.daysAgo, `endorse:${org.key}`);
  const joined = joinedAt(clock, org);
  const published = agendaVersionAt(clock, org.endorsed.version);
  return later(joined.getTime() > published.getTime() ? joined : published, candidate);
}

export function joinRequestAt(clock: DemoClock): Date {
  return clock.at(JOIN_REQUEST.daysAgo, `join-request:${JOIN_REQUEST.key}`);
}

export function invitationAt(clock: DemoClock): Date {
  return clock.at(OPEN_INVITATION.daysAgo, `invitation:${OPEN_INVITATION.key}`);
}

export function memberOrganisation(key: string): DemoOrganisation {
  const org = MEMBER_ORGANISATIONS.find((o) => o.key === key);
  if (!org) throw new Error(`no demo member organisation ${key}`);
  return org;
}

/** When a person's account (and membership) was created. */
export function personAddedAt(clock: DemoClock, person: DemoPerson): Date {
  if (person.organisation === JOIN_REQUEST.key) {
    return new Date(joinRequestAt(clock).getTime() - 11 * 60_000);
  }
  const org = memberOrganisation(person.organisation);
  const joined = joinedAt(clock, org);
  if (person.addedDaysAfterJoining === 0) return joined;
  return later(joined, clock.at(org.joinedDaysAgo - person.addedDaysAfterJoining, `person:${person.key}`));
}
