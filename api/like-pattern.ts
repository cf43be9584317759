/** A LIKE/ILIKE pattern that finds `text` anywhere, with `%`, `_` and `\` in it matched literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
