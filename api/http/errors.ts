/** An error a client can act on: it carries its HTTP status and the API.md error code. */
export class ApiError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;
  readonly code: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    status: ApiError['status'],
    code: string,
    message: string,
    details?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'not allowed') => new ApiError(403, 'forbidden', message);
export const unauthorized = (message = 'authentication required') =>
  new ApiError(401, 'unauthorized', message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
/** 422 naming the field (a dotted path) that is wrong. */
export const invalidField = (field: string, message: string, code = 'validation_failed') =>
  new ApiError(422, code, message, { fields: [{ field, message }] });

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
  requestId: string;
}
