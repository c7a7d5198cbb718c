import type { AgendaInput, AgendaVersionListItem, AgendaVersionView } from '@constellation/shared';
import type { AgendaVersionRow, EndorsementRow } from './agenda.repository';

export function toAgendaView(r: AgendaVersionRow): AgendaVersionView {
  return {
    version: r.version,
    problemStatement: r.problemStatement,
    vision: r.vision,
    principles: r.principles,
    geography: r.geography,
    form: r.form,
    fiscalYearStartMonth: r.fiscalYearStartMonth,
    timeZone: r.timeZone,
    requiresApproval: r.requiresApproval,
    changeNote: r.changeNote,
    author: { id: r.authorId, name: r.authorName },
    createdAt: r.createdAt.toISOString(),
    // Only on versions a decision made (clients that send the view back as a save body keep working).
    ...(r.decisionId ? { decision: { id: r.decisionId, number: r.decisionNumber! } } : {}),
  };
}

export function toAgendaListItem(r: AgendaVersionRow, endorsements: EndorsementRow[]): AgendaVersionListItem {
  return {
    ...toAgendaView(r),
    endorsements: endorsements
      .filter((e) => e.version === r.version)
      .map((e) => ({ partnerId: e.partnerId, organisationName: e.organisationName })),
  };
}

/** The runtime's canonical spelling of a valid IANA zone ("europe/london" → "Europe/London"). */
export function canonicalTimeZone(tz: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
}

/** The agenda as stored: time zone in its canonical spelling. */
export function normaliseAgenda<T extends AgendaInput>(agenda: T): T {
  return { ...agenda, timeZone: canonicalTimeZone(agenda.timeZone) };
}

/** "2030-01-31 14:05 UTC" */
export const formatUtc = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
