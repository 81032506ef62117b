import { apiError } from '@/lib/api/api-error';

export const dynamic = 'force-dynamic';

/** Unknown API paths answer in the API's JSON error format rather than with an HTML page. */
function unknownPath(req: Request): Response {
  return apiError('not_found', `No API endpoint at ${req.method} ${new URL(req.url).pathname}. See /api/v1/openapi.json.`);
}

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
