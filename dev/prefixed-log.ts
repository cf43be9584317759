// One output stream for the whole local stack: each line says which part wrote it.
import { styleText } from 'node:util';

type Color = Parameters<typeof styleText>[0];

const WIDTH = 8;
const COLORS: Record<string, Color> = {
  start: 'bold',
  postgres: 'blue',
  temporal: 'magenta',
  smsc: 'yellow',
  worker: 'cyan',
  api: 'green',
};

/** Returns a function that writes one line with a "name     |" prefix (coloured on a terminal). */
export function prefixedLog(
  name: string,
  stream: NodeJS.WriteStream = process.stdout,
): (line: string) => void {
  // styleText leaves the colour out when the stream is not a terminal or NO_COLOR is set.
  const prefix = styleText(COLORS[name] ?? 'gray', `${name.padEnd(WIDTH)} |`, { stream });
  return (line) => void stream.write(`${prefix} ${line}\n`);
}
