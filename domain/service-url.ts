/** The address of an organization's service: the configured template with its slug. */
export function serviceUrl(template: string, slug: string): string {
  return template.replaceAll('{slug}', slug);
}
