/**
 * Offline checks of the deployment files, for CI (`node --import tsx deploy/check.ts`):
 * every Kubernetes manifest in deploy/kubernetes against the Kubernetes API schemas bundled in
 * the `kubernetes-models` package (no cluster, no download), and docker-compose.yml through
 * `docker compose config` (or Debian's `docker-compose config`).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/** `apps/v1` + `Deployment` → the model class from kubernetes-models, or null when it has none. */
async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | null> {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(apiVersion) || !/^\w+$/.test(kind)) return null;
  try {
    const mod = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, unknown>;
    return (mod[kind] ?? null) as ModelClass | null;
  } catch {
    return null;
  }
}

/** Problems found in one YAML file holding one or more manifests (an empty list when valid). */
export async function checkManifestText(text: string, file = 'manifest'): Promise<string[]> {
  const problems: string[] = [];
  const docs = parseAllDocuments(text);
  for (const [i, doc] of docs.entries()) {
    const where = `${file}#${i + 1}`;
    if (doc.errors.length) {
      problems.push(`${where}: YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
      continue;
    }
    const data = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null;
    if (!data) continue;
    const Model = await modelFor(String(data.apiVersion), String(data.kind));
    if (!Model) {
      problems.push(`${where}: unknown apiVersion/kind ${data.apiVersion}/${data.kind}`);
      continue;
    }
    try {
      new Model(data).validate();
    } catch (error) {
      problems.push(`${where} (${data.kind} ${data.metadata?.name ?? '?'}): ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return problems;
}

/** Checks every *.yaml under deploy/kubernetes. */
export async function checkKubernetesManifests(dir = join(root, 'deploy/kubernetes')): Promise<{ files: number; problems: string[] }> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  const problems: string[] = [];
  for (const f of files) problems.push(...(await checkManifestText(readFileSync(join(dir, f), 'utf8'), f)));
  return { files: files.length, problems };
}

/** Runs `docker compose config -q`, else `docker-compose config -q`; rejects with compose's message. */
export async function checkComposeFile(file = join(root, 'docker-compose.yml')): Promise<string> {
  const run = promisify(execFile);
  const attempts: Array<[string, string[]]> = [
    ['docker', ['compose', '-f', file, 'config', '-q']],
    ['docker-compose', ['-f', file, 'config', '-q']],
  ];
  let last: unknown;
  for (const [cmd, args] of attempts) {
    try {
      await run(cmd, args, { cwd: root });
      return `${cmd} ${args[0] === 'compose' ? 'compose ' : ''}config`;
    } catch (error) {
      last = error;
      const e = error as { code?: unknown; stderr?: string };
      // A compose that ran and refused the file is the answer; a missing tool means try the next.
      if (typeof e.code === 'number' && !/is not a docker command|unknown command|unknown shorthand flag/i.test(e.stderr ?? '')) throw new Error(`${cmd}: ${(e.stderr ?? '').trim()}`);
    }
  }
  throw new Error(`neither "docker compose" nor "docker-compose" could run: ${(last as Error).message.split('\n')[0]}`);
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  const k8s = await checkKubernetesManifests();
  for (const p of k8s.problems) process.stderr.write(`kubernetes: ${p}\n`);
  let composeOk = true;
  try {
    process.stdout.write(`compose: ok (${await checkComposeFile()})\n`);
  } catch (error) {
    composeOk = false;
    process.stderr.write(`compose: ${(error as Error).message}\n`);
  }
  process.stdout.write(`kubernetes: ${k8s.files} files, ${k8s.problems.length} problems\n`);
  process.exit(k8s.problems.length || !composeOk ? 1 : 0);
}
