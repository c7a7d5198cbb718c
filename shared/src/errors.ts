/** The one error body shape every api error uses. */
export interface ErrorDetail {
  /** Field path, e.g. "goals.0.targetDate" (empty for the whole body). */
  path: string;
  message: string;
}
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details: ErrorDetail[];
}
