import { createCollaborationSchema, signUpSchema } from '@constellation/shared';
import { ApiError } from './api-client';
import { applyServerErrors, detailsToErrors, humanizeMessage, zodValidator } from './zod-form';

describe('humanizeMessage', () => {
  it('turns the shared schemas’ messages into sentences for a field', () => {
    expect(humanizeMessage('is required')).toBe('Required');
    expect(humanizeMessage('must be at least 10 characters')).toBe('Must be at least 10 characters');
    expect(humanizeMessage('is already taken')).toBe('This is already taken');
  });
});

describe('zodValidator', () => {
  it('validates with the same schema as the api and answers field paths', () => {
    const validate = zodValidator(signUpSchema);
    expect(validate({ email: 'not-an-email', name: '', password: 'short' })).toEqual({
      email: 'Must be a valid email address',
      name: 'Required',
      password: 'Must be at least 10 characters',
    });
    expect(validate({ email: 'ada@example.org', name: 'Ada', password: 'a long enough passphrase' })).toEqual({});
  });

  it('reports nested list fields with dotted paths, as @mantine/form names them', () => {
    const validate = zodValidator(createCollaborationSchema.pick({ goals: true }));
    const errors = validate({ goals: [{ title: 'x', description: '', targetDate: '2030-02-30', strategies: [{ name: ' ', description: '' }] }] });
    expect(errors['goals.0.targetDate']).toBe('Must be a real calendar date');
    expect(errors['goals.0.strategies.0.name']).toBe('Required');
  });

  it('validates the transformed values when given a transform', () => {
    const validate = zodValidator(signUpSchema, (v: { who: string }) => ({ email: 'a@example.org', name: v.who, password: 'a long enough passphrase' }));
    expect(validate({ who: '' })).toEqual({ name: 'Required' });
  });
});

describe('server errors on forms', () => {
  const form = () => {
    const set: Record<string, string>[] = [];
    return { set, setErrors: (e: Record<string, string>) => set.push(e) };
  };
  const error = new ApiError({
    statusCode: 400,
    error: 'Bad Request',
    message: 'Validation failed',
    details: [
      { path: 'agenda.vision', message: 'is required' },
      { path: 'slug', message: 'is already taken' },
      { path: '', message: 'something about the whole body' },
    ],
  });

  it('maps details onto fields, with a path mapping', () => {
    expect(detailsToErrors(error.details, (p) => (p.startsWith('agenda.') ? p.slice(7) : null))).toEqual({ vision: 'Required' });
  });

  it('puts known fields on the form and answers the rest as a message', () => {
    const f = form();
    expect(applyServerErrors(f, error, (p) => p === 'slug')).toBe('agenda.vision: is required; something about the whole body');
    expect(f.set).toEqual([{ slug: 'This is already taken' }]);
  });

  it('answers the error message when no detail names a known field', () => {
    const f = form();
    const conflict = new ApiError({ statusCode: 409, error: 'Conflict', message: 'Someone saved a newer version', details: [] });
    expect(applyServerErrors(f, conflict)).toBe('Someone saved a newer version');
    expect(f.set).toEqual([]);
  });
});
