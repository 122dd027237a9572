// knex's CLI looks for knexfile.js before knexfile.ts and cannot load TypeScript in an ES
// module project by itself: this registers tsx (a dev dependency) and hands over to
// knexfile.ts, or uses the built dist/knexfile.js where tsx is not installed.
let config;
try {
  const { register } = await import('tsx/esm/api');
  register();
  config = await import('./knexfile.ts');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('tsx')) throw error;
  config = await import('./dist/knexfile.js');
}
export default config.default;
