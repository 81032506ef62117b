/**
 * Expected failures carry a code. Routes and actions map the code to an HTTP status and show the
 * Italian message to the user; unexpected errors are logged and shown as a generic message.
 */
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_input'
  | 'conflict'
  | 'rate_limited'
  | 'not_launched'
  | 'template_not_ready'
  | 'unavailable';

/** The one error-to-HTTP-status map: routes, actions and the REST API (lib/api/api-error.ts) use it. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 422,
  conflict: 409,
  rate_limited: 429,
  not_launched: 409,
  template_not_ready: 409,
  unavailable: 503,
};

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to the user, in Italian. */
    readonly userMessage: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${userMessage}`);
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
