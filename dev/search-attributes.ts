// The search attributes the dev server registers; defined once, next to the workflows that set them.
export { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.ts';

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Datetime' | 'Bool' | 'Double' | 'KeywordList';
