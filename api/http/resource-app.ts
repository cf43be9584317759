import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { validationHook } from './validation.ts';

/** A sub-app for one resource; all of them validate the same way. */
export const resourceApp = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
