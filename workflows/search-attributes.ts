import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
