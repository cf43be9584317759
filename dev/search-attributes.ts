// Custom search attributes that make every kabinet flow findable in the Temporal UI.
// The dev server registers them at start; the worker and tests set and query them by these names.
export const SEARCH_ATTRIBUTES = {
  OrganizationId: 'Keyword',
  EmployeeId: 'Keyword',
  ProcessKind: 'Keyword',
} as const satisfies Record<string, SearchAttributeType>;

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Datetime' | 'Bool' | 'Double' | 'KeywordList';
export type KabinetSearchAttribute = keyof typeof SEARCH_ATTRIBUTES;
