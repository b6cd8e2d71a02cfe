import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout (pino); one logger per process, children carry request ids and roles. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { service: 'omgevingsloket' }, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? process.stdout);
}
