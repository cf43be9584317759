import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, PageQuery } from '../http/schemas.ts';
import { actorFirst } from './actor-first.ts';
import { createPlanService } from './plan-service.ts';
import {
  NewPlanItem,
  PlanItemParams,
  PlanItemSchema,
  planItemView,
  PlanPage,
  planPageView,
  PlanQuery,
  ProgressSchema,
  progressView,
} from './plan-views.ts';
import { CycleIdParam } from './specialist-views.ts';

const route = routesOf('Education');

/** Mounted at /v1/me/cycles/:cycleId/plan. Anonymous callers get 401 before their body or ids are validated. */
export const planRoutes = actorFirst(resourceApp())
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getPlan',
      summary: 'My plan for one of my cycles: what is done and what is pending, with credits earned',
      security: bearerSecurity,
      request: { params: CycleIdParam, query: PageQuery.extend(PlanQuery.shape) },
      responses: { 200: jsonResponse('The plan', PlanPage), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const plan = await createPlanService(serviceDeps(c)).get(
        c.var.actor,
        c.req.valid('param').cycleId,
        c.req.valid('query'),
      );
      return c.json(planPageView(plan), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'addToPlan',
      summary: "Include a catalog element of the cycle's specialty in my plan («Включить в план»)",
      security: bearerSecurity,
      request: { params: CycleIdParam, ...jsonBody(NewPlanItem) },
      responses: { 201: jsonResponse('Included', PlanItemSchema), ...errorResponses(403, 404, 409) },
    }),
    async (c) => {
      const item = await createPlanService(serviceDeps(c)).add(
        c.var.actor,
        c.req.valid('param').cycleId,
        c.req.valid('json').elementId,
      );
      return c.json(planItemView(item), 201);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/{elementId}',
      operationId: 'removeFromPlan',
      summary:
        'Remove an element from my plan; not once it earned credits or has a code or application under way',
      security: bearerSecurity,
      request: { params: PlanItemParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses(403, 404, 409) },
    }),
    async (c) => {
      const { cycleId, elementId } = c.req.valid('param');
      await createPlanService(serviceDeps(c)).remove(c.var.actor, cycleId, elementId);
      return c.body(null, 204);
    },
  );

/** Mounted at /v1/me/cycles/:cycleId/progress. */
export const progressRoutes = actorFirst(resourceApp()).openapi(
  route({
    method: 'get',
    path: '/',
    operationId: 'getCycleProgress',
    summary:
      "A cycle's credits per element type and per cycle year against the targets (50 a year, 250 a cycle)",
    security: bearerSecurity,
    request: { params: CycleIdParam },
    responses: { 200: jsonResponse('Progress', ProgressSchema), ...errorResponses(403, 404) },
  }),
  async (c) => {
    const progress = await createPlanService(serviceDeps(c)).progress(
      c.var.actor,
      c.req.valid('param').cycleId,
    );
    return c.json(progressView(progress), 200);
  },
);
