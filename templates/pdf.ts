/** Turns a self-contained HTML document into a PDF. */
export type HtmlToPdf = (html: string) => Promise<Buffer>;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

/**
 * Prints HTML to an A4 PDF in headless Chromium, so the PDF is the very document the HTML shows
 * (one template, Cyrillic from the system fonts). A browser per document: forming is rare, and
 * nothing is left running between documents. Scripts are off and no request leaves the page.
 */
export function chromiumHtmlToPdf(executablePath: string): HtmlToPdf {
  return async (html) => {
    // Loaded on first use: only the worker renders documents, the API never needs a browser.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  };
}
