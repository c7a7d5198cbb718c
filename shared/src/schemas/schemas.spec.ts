import { zodDetails } from '../format';
import { signUpSchema } from './auth';
import { createCollaborationSchema, saveAgendaSchema } from './collaboration';
import { joinRequestSchema } from './partners';

const agenda = {
  problemStatement: 'Too many children start school not ready to learn.',
  vision: 'Every child in Riverside succeeds, cradle to career.',
  principles: ['Data for learning'],
  geography: 'Riverside',
  form: 'collective_impact',
  fiscalYearStartMonth: 4,
  timeZone: 'Europe/London',
  requiresApproval: true,
};

function details(result: { success: boolean; error?: unknown }) {
  if (result.success) throw new Error('expected a failure');
  return zodDetails(result.error as never);
}

describe('request schemas', () => {
  it('normalises sign-up emails and rejects unknown fields with their path', () => {
    expect(signUpSchema.parse({ email: ' Ana@Example.ORG ', name: 'Ana', password: 'long enough pw' }).email).toBe('ana@example.org');
    const d = details(signUpSchema.safeParse({ email: 'ana@example.org', name: 'Ana', password: 'long enough pw', role: 'admin' }));
    expect(d).toEqual([{ path: '', message: 'unknown field: role' }]);
  });

  it('names nested paths', () => {
    const d = details(
      createCollaborationSchema.safeParse({
        name: 'Riverside',
        backboneOrganisationName: 'RLP',
        agenda: { ...agenda, fiscalYearStartMonth: 13, timeZone: 'Mars/Olympus' },
        goals: [{ title: 'Ready for school', targetDate: '2030-02-30' }],
      }),
    );
    expect(d.map((x) => x.path).sort()).toEqual(['agenda.fiscalYearStartMonth', 'agenda.timeZone', 'goals.0.targetDate']);
  });

  it('requires a base version to save the agenda', () => {
    const d = details(saveAgendaSchema.safeParse(agenda));
    expect(d.map((x) => x.path)).toEqual(['baseVersion']);
  });

  it('accepts a lower-case join code and upper-cases it', () => {
    expect(joinRequestSchema.parse({ joinCode: 'abcd2345', organisationName: 'Library' }).joinCode).toBe('ABCD2345');
    expect(details(joinRequestSchema.safeParse({ joinCode: 'abc', organisationName: 'Library' }))[0]?.path).toBe('joinCode');
  });

  it('rejects NaN and non-integers where integers are expected', () => {
    expect(saveAgendaSchema.safeParse({ ...agenda, baseVersion: Number.NaN }).success).toBe(false);
    expect(saveAgendaSchema.safeParse({ ...agenda, baseVersion: 1.5 }).success).toBe(false);
  });
});
