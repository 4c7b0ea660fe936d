import picocolors from 'picocolors';

/**
 * Colours only on a terminal (or with FORCE_COLOR), never because `CI` is set: output piped into a
 * file or another program, in CI too, stays plain text. NO_COLOR always wins.
 */
const env = process.env;
const enabled = !env['NO_COLOR'] && (!!env['FORCE_COLOR'] || (process.stdout.isTTY === true && env['TERM'] !== 'dumb'));

export const pc = picocolors.createColors(enabled);
