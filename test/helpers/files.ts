import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every path under `dir` (itself included) whose mode lets group or others in, as "path mode". */
export function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}
