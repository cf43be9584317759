import { payslipPublicationWorkflowId } from '../workflows/ids.ts';
import type { payslipPublication, PayslipPublicationInput } from '../workflows/payslip-publication.ts';
import { processSearchAttributes } from '../workflows/search-attributes.ts';
import type { ProcessClient } from './process-client.ts';

/** Starts publishing one period's payslips (`payslip-publication/<id>`). */
export async function startPayslipPublication(
  client: ProcessClient,
  input: PayslipPublicationInput,
  summary: string,
): Promise<string> {
  const workflowId = payslipPublicationWorkflowId(input.publicationId);
  await client.temporal.workflow.start<typeof payslipPublication>('payslipPublication', {
    workflowId,
    taskQueue: client.taskQueue,
    args: [input],
    typedSearchAttributes: processSearchAttributes('payslip_publication', input),
    staticSummary: summary,
  });
  return workflowId;
}
