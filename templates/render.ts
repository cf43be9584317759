import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TEMPLATES_DIR = fileURLToPath(new URL('.', import.meta.url));
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders `templates/<name>.hbs` (e.g. 'sms/invitation-code'); compiled once per process. */
export function renderTemplate(name: string, data: Record<string, unknown>): string {
  let template = compiled.get(name);
  if (!template) {
    template = Handlebars.compile(readFileSync(`${TEMPLATES_DIR}${name}.hbs`, 'utf8'), { strict: true });
    compiled.set(name, template);
  }
  return template(data);
}

/** SMS are plain text: no HTML escaping, and no trailing newline from the file. */
export function renderSms(name: string, data: Record<string, unknown>): string {
  let template = compiled.get(`sms:${name}`);
  if (!template) {
    const source = readFileSync(`${TEMPLATES_DIR}sms/${name}.hbs`, 'utf8').trim();
    template = Handlebars.compile(source, { strict: true, noEscape: true });
    compiled.set(`sms:${name}`, template);
  }
  return template(data).replace(/\s+/g, ' ').trim();
}
