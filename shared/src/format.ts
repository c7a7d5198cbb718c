import type { ZodError } from 'zod';
import type { ErrorDetail } from './errors';

/** Turn a zod error into field-path details, e.g. {path: "agenda.vision", message: "is required"}. */
export function zodDetails(error: ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    }
    return { path, message };
  });
}
