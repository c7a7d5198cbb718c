import { z } from 'zod';

export const uuid = z.uuid({ message: 'must be a valid id' });
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: 'must be at most 254 characters' })
  .pipe(z.email({ message: 'must be a valid email address' }));
/** Control characters PostgreSQL or a reader would choke on (NUL and friends; tabs and newlines are fine). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const noControl = { message: 'must not contain control characters' };

export const nonEmptyText = (max: number) =>
  z
    .string({ message: 'must be text' })
    .trim()
    .min(1, { message: 'is required' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !CONTROL.test(s), noControl);
export const optionalText = (max: number) =>
  z
    .string({ message: 'must be text' })
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !CONTROL.test(s), noControl);
/** Calendar date as YYYY-MM-DD. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2030-12-31', abort: true })
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), {
    message: 'must be a real calendar date',
  });

export const pageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
