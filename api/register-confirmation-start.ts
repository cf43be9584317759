import type { DocumentKind } from '../db/entities/specialist-document.ts';
import { registerConfirmation, registerConfirmationWorkflowId } from '../workflows/register-confirmation.ts';
import { ProcessKindKey } from '../workflows/search-attributes.ts';
import type { ApiDeps } from './context.ts';

const KIND_TITLES: Record<DocumentKind, string> = {
  specialist_certificate: 'сертификат специалиста',
  accreditation: 'свидетельство об аккредитации',
};

/** Starts the ФРМР check of a new document; the pauses come from configuration (tests make them short). */
export function startRegisterConfirmation(
  deps: ApiDeps,
  document: {
    id: string;
    specialistId: string;
    kind: DocumentKind;
    series: string;
    number: string;
    specialty: string;
  },
) {
  return deps.temporal.workflow.start(registerConfirmation, {
    workflowId: registerConfirmationWorkflowId(document.id),
    taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
    args: [
      {
        documentId: document.id,
        ...(deps.env.REGISTER_RETRY_DELAYS ? { recheckDelaysMs: [...deps.env.REGISTER_RETRY_DELAYS] } : {}),
        ...(deps.env.REGISTER_ERROR_RETRY_INTERVAL
          ? { errorRetryInitialMs: deps.env.REGISTER_ERROR_RETRY_INTERVAL }
          : {}),
      },
    ],
    // No organization or employee here: a specialist is a person of the portal.
    typedSearchAttributes: [{ key: ProcessKindKey, value: 'register_confirmation' }],
    memo: { documentId: document.id, specialistId: document.specialistId },
    staticSummary: `Проверка в ФРМР: ${KIND_TITLES[document.kind]} ${document.series} ${document.number}, ${document.specialty}`,
  });
}
