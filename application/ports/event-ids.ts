import { createHash } from 'node:crypto';

/**
 * The id of the `index`-th event a command causes, derived from the command id (a UUID v5-like
 * hash). A retried command that slips past the "handled before?" check still stores nothing
 * twice: the store refuses an event id it already has.
 */
export function eventIdVoor(commandId: string, index: number): string {
  const h = createHash('sha256').update(`${commandId}#${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
