// The local SMSC server and SMTP catcher keep their outboxes in a JSON file across restarts.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The saved state, or undefined on first start or when the file is unreadable (then said so). */
export async function loadOutboxFile<State>(
  file: string,
  isValid: (state: State) => boolean,
  who: string,
): Promise<State | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined; // first start
  }
  try {
    const state = JSON.parse(text) as State;
    if (isValid(state)) return state;
  } catch {
    // fall through
  }
  console.warn(`${who}: ignoring unreadable outbox file ${file}`);
  return undefined;
}

/** Writes the state at most every 200 ms, atomically (temp file + rename), one write at a time. */
export function debouncedWriter<State>(file: string, snapshot: () => State, who: string) {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const write = () => {
    timer = undefined;
    const json = JSON.stringify(snapshot(), null, 2);
    writing = writing.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, json);
      await rename(`${file}.tmp`, file);
    });
    writing = writing.catch((error: unknown) => console.warn(`${who}: cannot write ${file}`, error));
  };
  return {
    schedule() {
      timer ??= setTimeout(write, 200);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
      await writing;
    },
  };
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
