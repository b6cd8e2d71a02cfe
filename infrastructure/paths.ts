import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project's root folder, wherever the process was started from. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The version in package.json: shown in the OpenAPI document and in logs. */
export const productVersion: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
