import type { ErrorDetail } from '@constellation/shared';
import type { z } from 'zod';
import { ApiError } from './api-client';

export type FieldErrors = Record<string, string>;

/** "is required" → "Required"; "must be …" → "Must be …". The field's label says which field. */
export function humanizeMessage(message: string): string {
  const m = message.trim();
  if (m === 'is required') return 'Required';
  if (m.startsWith('is ')) return 'This ' + m;
  return m.charAt(0).toUpperCase() + m.slice(1);
}

/** The first message per field path, e.g. {"agenda.vision": "Required", "goals.0.title": "Required"}. */
export function detailsToErrors(details: ErrorDetail[], mapPath: (path: string) => string | null = (p) => p): FieldErrors {
  const errors: FieldErrors = {};
  for (const d of details) {
    const path = mapPath(d.path);
    if (path === null || path === '') continue;
    if (!(path in errors)) errors[path] = humanizeMessage(d.message);
  }
  return errors;
}

/**
 * Validate form values with the same zod schema the api uses; answers @mantine/form errors.
 * `transform` turns form values into the request body first (e.g. trimming empty list rows).
 */
export function zodValidator<Values, Body = Values>(schema: z.ZodType, transform?: (values: Values) => Body) {
  return (values: Values): FieldErrors => {
    const parsed = schema.safeParse(transform ? transform(values) : values);
    if (parsed.success) return {};
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (!(path in errors)) errors[path] = humanizeMessage(issue.message);
    }
    return errors;
  };
}

/**
 * Put an api error's field details onto the form. Answers the message to show above the form
 * when the error is not about specific known fields (or null when every detail found its field).
 */
export function applyServerErrors(
  form: { setErrors: (errors: FieldErrors) => void },
  error: unknown,
  knownFields: (path: string) => boolean = () => true,
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong.';
  const fieldDetails = error.details.filter((d) => d.path && knownFields(d.path));
  if (fieldDetails.length > 0) form.setErrors(detailsToErrors(fieldDetails));
  const rest = error.details.filter((d) => !d.path || !knownFields(d.path));
  if (fieldDetails.length > 0 && rest.length === 0) return null;
  if (fieldDetails.length > 0) return rest.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  return error.message;
}
