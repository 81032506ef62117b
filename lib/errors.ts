/**
 * Expected failures carry a code. Routes and actions map the code to an HTTP status and show the
 * Italian message to the user; unexpected errors are logged and shown as a generic message.
 */
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  /** An API key without the scope the operation needs (lib/access/api-scopes.ts). */
  | 'insufficient_scope'
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
  insufficient_scope: 403,
  not_found: 404,
  invalid_input: 422,
  conflict: 409,
  rate_limited: 429,
  not_launched: 409,
  template_not_ready: 409,
  unavailable: 503,
};

/**
 * Field -> its messages, in order. Keys are the field's dotted path (`topics.1`), `_` the input as a
 * whole. Forms show a field's first message; the API lists every message with its JSON path.
 */
export type FieldErrors = Record<string, string[]>;

export interface AppErrorDetails {
  fieldErrors?: FieldErrors;
  [key: string]: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to the user, in Italian. */
    readonly userMessage: string,
    readonly details?: AppErrorDetails,
  ) {
    super(`${code}: ${userMessage}`);
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The one way to say "these fields are wrong": an `invalid_input` AppError with its field messages. */
export function invalidInput(message: string, fieldErrors: FieldErrors = {}): AppError {
  return new AppError('invalid_input', message, Object.keys(fieldErrors).length > 0 ? { fieldErrors } : undefined);
}

/** The structural part of a zod error that field errors need (zod's ZodError fits). */
export interface IssueList {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

/** A zod failure -> field errors: each issue under its dotted path, repeated messages once. */
export function fieldErrorsFromZod(error: IssueList): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    const messages = (out[key] ??= []);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
  return out;
}
