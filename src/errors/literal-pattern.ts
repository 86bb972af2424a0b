/** Text as a regular expression that matches it literally: every character with a meaning in a pattern escaped. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
