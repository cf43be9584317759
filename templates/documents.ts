import type { HtmlToPdf } from './pdf.ts';
import { renderTemplate } from './render.ts';

export interface RenderedDocument {
  html: string;
  pdf: Buffer;
}

/**
 * Renders `templates/documents/<name>.hbs` to HTML, and that HTML to PDF: one template gives both,
 * so the downloadable PDF and the HTML never disagree.
 */
export async function renderDocument(
  name: string,
  data: Record<string, unknown>,
  toPdf: HtmlToPdf,
): Promise<RenderedDocument> {
  const html = renderTemplate(`documents/${name}`, data);
  return { html, pdf: await toPdf(html) };
}
