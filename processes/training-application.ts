import { trainingApplicationWorkflowId } from '../workflows/ids.ts';
import { processSearchAttributes } from '../workflows/search-attributes.ts';
import type { trainingApplication, TrainingApplicationInput } from '../workflows/training-application.ts';
import type { ProcessClient } from './process-client.ts';

/** Starts one training application's process (`application/<id>`). */
export async function startTrainingApplication(
  client: ProcessClient,
  input: TrainingApplicationInput,
): Promise<string> {
  const workflowId = trainingApplicationWorkflowId(input.applicationId);
  // No organization or employee here: a specialist is a person of the portal.
  await client.temporal.workflow.start<typeof trainingApplication>('trainingApplication', {
    workflowId,
    taskQueue: client.taskQueue,
    args: [input],
    typedSearchAttributes: processSearchAttributes('training_application'),
    staticSummary: 'Заявка на обучение по программе ДПП ПК',
  });
  return workflowId;
}
