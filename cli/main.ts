/**
 * The CLI's entry for bin/run.js. The build bundles it with every command (esbuild, shared
 * chunks), so oclif and the command code load from a few files instead of hundreds; server-side
 * code (serve, db, admin, bot) stays in chunks that only those commands import.
 */
export { execute } from '@oclif/core';
