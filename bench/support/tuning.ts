import { getHeapStatistics } from 'node:v8';

/** The worker tuning variables (config/env.ts) as this run passes them to both worker processes. */
export const TUNING_VARIABLES = [
  'WORKER_MAX_CACHED_WORKFLOWS',
  'WORKER_MAX_CONCURRENT_ACTIVITIES',
  'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
] as const;

/** What the workers run with: the variable when set, else the Temporal SDK 1.24 default. */
export function describeTuning(env: NodeJS.ProcessEnv): string {
  // The SDK's default cache (reuseV8Context): 600 workflows per GiB of heap above 200 MiB.
  const heapMiB = getHeapStatistics().heap_size_limit / 1024 / 1024;
  const defaults = {
    WORKER_MAX_CACHED_WORKFLOWS: `${Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10)} (SDK default)`,
    WORKER_MAX_CONCURRENT_ACTIVITIES: '100 (SDK default)',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40 (SDK default)',
  };
  return TUNING_VARIABLES.map((name) => `${name}=${env[name] || defaults[name]}`).join(', ');
}
