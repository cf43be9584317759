import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TEMPLATES_DIR = fileURLToPath(new URL('.', import.meta.url));
/** Partials of the HTML pages (the layout and its pieces), registered under their file names. */
const PARTIALS_DIR = `${TEMPLATES_DIR}pages/partials/`;

// An own instance: partials and helpers registered here do not leak into other users of handlebars.
const handlebars = Handlebars.create();
// SMS are paid per 70 Cyrillic characters: phones link a bare host/path just as well as a full URL.
handlebars.registerHelper('withoutScheme', (url: unknown) => String(url).replace(/^https?:\/\//, ''));

const compiled = new Map<string, Handlebars.TemplateDelegate>();
let partialsRegistered = false;

function registerPartials(): void {
  if (partialsRegistered) return;
  for (const file of readdirSync(PARTIALS_DIR)) {
    if (file.endsWith('.hbs')) handlebars.registerPartial(file.slice(0, -4), readFileSync(PARTIALS_DIR + file, 'utf8'));
  }
  partialsRegistered = true;
}

/**
 * Renders `templates/<name>.hbs` (e.g. 'pages/activate') as HTML: `{{ }}` escapes, and every
 * partial of `templates/pages/partials/` (e.g. `layout`) is available. Compiled once per process.
 */
export function renderTemplate(name: string, data: Record<string, unknown>): string {
  let template = compiled.get(name);
  if (!template) {
    registerPartials();
    template = handlebars.compile(readFileSync(`${TEMPLATES_DIR}${name}.hbs`, 'utf8'), { strict: true });
    compiled.set(name, template);
  }
  return template(data);
}

/** SMS are plain text: no HTML escaping, and no trailing newline from the file. */
export function renderSms(name: string, data: Record<string, unknown>): string {
  let template = compiled.get(`sms:${name}`);
  if (!template) {
    const source = readFileSync(`${TEMPLATES_DIR}sms/${name}.hbs`, 'utf8').trim();
    template = handlebars.compile(source, { strict: true, noEscape: true });
    compiled.set(`sms:${name}`, template);
  }
  return template(data).replace(/\s+/g, ' ').trim();
}

const EMAIL_PARTIALS_DIR = `${TEMPLATES_DIR}email/partials/`;
let emailPartialsRegistered = false;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders an e-mail from `templates/email/<name>.subject.hbs`, `.html.hbs` and `.text.hbs`. The
 * subject and the text are plain (no escaping; the subject on one line); the HTML escapes `{{ }}` and
 * may use the partials of `templates/email/partials/` (the layout: `{{#> email-layout subject=…}}`).
 */
export function renderEmail(name: string, data: Record<string, unknown>): RenderedEmail {
  if (!emailPartialsRegistered) {
    for (const file of readdirSync(EMAIL_PARTIALS_DIR)) {
      if (file.endsWith('.hbs'))
        handlebars.registerPartial(file.slice(0, -4), readFileSync(EMAIL_PARTIALS_DIR + file, 'utf8'));
    }
    emailPartialsRegistered = true;
  }
  const part = (kind: 'subject' | 'html' | 'text'): Handlebars.TemplateDelegate => {
    const key = `email:${name}.${kind}`;
    let template = compiled.get(key);
    if (!template) {
      const source = readFileSync(`${TEMPLATES_DIR}email/${name}.${kind}.hbs`, 'utf8');
      template = handlebars.compile(kind === 'html' ? source : source.trim(), {
        strict: true,
        noEscape: kind !== 'html',
      });
      compiled.set(key, template);
    }
    return template;
  };
  return {
    subject: part('subject')(data).replace(/\s+/g, ' ').trim(),
    html: part('html')(data),
    // At most one empty line in a row, and none at the ends.
    text: `${part('text')(data)
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`,
  };
}
