import type { DocumentKind } from '../db/entities/specialist-document.ts';
import { registerConfirmationWorkflowId } from '../workflows/ids.ts';
import type { registerConfirmation } from '../workflows/register-confirmation.ts';
import { processSearchAttributes } from '../workflows/search-attributes.ts';
import type { ProcessClient } from './process-client.ts';

const KIND_TITLES: Record<DocumentKind, string> = {
  specialist_certificate: 'сертификат специалиста',
  accreditation: 'свидетельство об аккредитации',
};

export interface RegisterCheckTiming {
  /** REGISTER_RETRY_DELAYS: pauses between asks while the document is not in the register. */
  recheckDelaysMs: readonly number[];
  /** REGISTER_ERROR_RETRY_INTERVAL: the first pause after the register fails to answer. */
  errorRetryInitialMs: number;
}

/** Starts the ФРМР check of a new specialist document (`register-check/<documentId>`). */
export async function startRegisterConfirmation(
  client: ProcessClient,
  document: {
    id: string;
    specialistId: string;
    kind: DocumentKind;
    series: string;
    number: string;
    specialty: string;
  },
  timing: RegisterCheckTiming,
): Promise<string> {
  const workflowId = registerConfirmationWorkflowId(document.id);
  await client.temporal.workflow.start<typeof registerConfirmation>('registerConfirmation', {
    workflowId,
    taskQueue: client.taskQueue,
    args: [
      {
        documentId: document.id,
        recheckDelaysMs: [...timing.recheckDelaysMs],
        errorRetryInitialMs: timing.errorRetryInitialMs,
      },
    ],
    typedSearchAttributes: processSearchAttributes('register_confirmation'),
    memo: { documentId: document.id, specialistId: document.specialistId },
    staticSummary: `Проверка в ФРМР: ${KIND_TITLES[document.kind]} ${document.series} ${document.number}, ${document.specialty}`,
  });
  return workflowId;
}
