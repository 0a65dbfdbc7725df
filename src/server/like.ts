/** Prisma's `contains` becomes ILIKE with the text inside `%...%`: make `%`, `_` and `\` literal. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
