import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

// Custom search attributes: every process is findable in the Temporal UI by organization,
// employee and kind of process. The dev server registers them at start (dev/).
export const OrganizationIdKey = defineSearchAttributeKey('OrganizationId', SearchAttributeType.KEYWORD);
export const EmployeeIdKey = defineSearchAttributeKey('EmployeeId', SearchAttributeType.KEYWORD);
export const ProcessKindKey = defineSearchAttributeKey('ProcessKind', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = {
  [OrganizationIdKey.name]: 'Keyword',
  [EmployeeIdKey.name]: 'Keyword',
  [ProcessKindKey.name]: 'Keyword',
} as const;

/** The `ProcessKind` search attribute of each workflow type (operators filter by it in the UI). */
export type ProcessKind =
  | 'service_onboarding'
  | 'invitation'
  | 'invitation_batch'
  | 'message'
  | 'payslip_publication'
  | 'register_confirmation'
  | 'training_application'
  | 'event_code_verification';

/** The search attributes of one process: its kind, and the organization and employee where they apply. */
export function processSearchAttributes(
  kind: ProcessKind,
  of: { organizationId?: string | null; employeeId?: string | null } = {},
): SearchAttributePair[] {
  return [
    ...(of.organizationId ? [{ key: OrganizationIdKey, value: of.organizationId }] : []),
    ...(of.employeeId ? [{ key: EmployeeIdKey, value: of.employeeId }] : []),
    { key: ProcessKindKey, value: kind },
  ];
}
