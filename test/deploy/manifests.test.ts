import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { checkComposeFile, checkKubernetesManifests, checkManifestText } from '../../deploy/check.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const k8s = (file: string) => parseAllDocuments(readFileSync(join(root, 'deploy/kubernetes', file), 'utf8')).map((d) => d.toJS());

describe('deployment files', function () {
  this.timeout(30_000);

  it('every Kubernetes manifest validates against the Kubernetes API schemas', async () => {
    const { files, problems } = await checkKubernetesManifests();
    expect(files).to.be.at.least(3);
    expect(problems).to.deep.equal([]);
  });

  it('the schema check rejects a manifest Kubernetes would refuse', async () => {
    const bad = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: "two"\n  selector: {}\n  template: {spec: {containers: [{name: a, image: b}]}}\n';
    expect((await checkManifestText(bad))[0]).to.match(/Deployment x.*replicas must be integer/);
    expect((await checkManifestText('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {maxReplicas: 3}\n'))[0]).to.match(/scaleTargetRef/);
    expect((await checkManifestText('apiVersion: example.com/v9\nkind: Gizmo\n'))[0]).to.match(/unknown apiVersion\/kind/);
  });

  it('api and worker run their roles with probes, resource requests, an HPA and PDBs', () => {
    const api = k8s('api.yaml');
    const worker = k8s('worker.yaml');
    const kinds = [...api, ...worker].map((d) => d.kind);
    expect(kinds).to.include.members(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']);
    for (const [docs, role] of [[api, 'api'], [worker, 'worker']] as const) {
      const container = docs.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0];
      expect(container.args).to.deep.equal(['serve', '--role', role]);
      expect(container.readinessProbe.httpGet.path).to.equal('/ready');
      expect(container.livenessProbe.httpGet.path).to.equal('/health');
      expect(container.resources.requests).to.have.keys('cpu', 'memory');
    }
  });

  it('docker-compose.yml passes compose config', async () => {
    expect(await checkComposeFile()).to.match(/config$/);
  });

  it('compose config refuses a broken compose file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yava-compose-'));
    try {
      writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  api:\n    image: yava\n    ports: "not-a-list"\n    depends_on: [missing]\n');
      const error = await checkComposeFile(join(dir, 'docker-compose.yml')).catch((e: Error) => e);
      expect(error).to.be.instanceOf(Error);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the image builds in two stages, runs as a non-root user, checks /ready and has a CJK font for the PDFs', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)).to.have.length(2);
    expect(dockerfile).to.match(/npm ci --omit=dev/);
    expect(dockerfile).to.match(/^USER node$/m);
    expect(dockerfile).to.match(/HEALTHCHECK[\s\S]*\/ready/);
    // The final stage has the CJK font the PDFs fall back to (core/pdf/fonts.ts).
    expect(dockerfile.split(/^FROM /m)[2]).to.match(/apt-get install [^\n]*fonts-wqy-microhei/);
  });
});
