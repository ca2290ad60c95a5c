import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOrInstallTool, workspaceRoot } from '@tramites/devenv';

const run = promisify(execFile);
const PROMETHEUS_DIR = path.join(workspaceRoot(), 'docker', 'prometheus');

/** The alert rules and production's scrape configuration, checked and unit-tested by Prometheus' own promtool (ADR 0032). */
describe('alert rules (docker/prometheus)', () => {
  let promtool: string;

  beforeAll(async () => {
    const found = await findOrInstallTool('promtool', (line) => process.stderr.write(`${line}\n`));
    if (!found) throw new Error('no promtool: Go is needed to build it (the test set-up provisions it)');
    promtool = found;
  }, 900_000);

  it('are valid, as is the scrape configuration that loads them', async () => {
    const { stdout } = await run(promtool, ['check', 'config', 'prometheus.yml'], { cwd: PROMETHEUS_DIR });
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fire on the series that mean trouble and stay quiet otherwise (alerts.test.yml)', async () => {
    const { stdout } = await run(promtool, ['test', 'rules', 'alerts.test.yml'], { cwd: PROMETHEUS_DIR });
    expect(stdout).toContain('SUCCESS');
  });

  it('each have a runbook section in docs/operations/alerts.md, and each section a rule', () => {
    const rules = fs.readFileSync(path.join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8');
    const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    const anchors = [...rules.matchAll(/runbook_url: docs\/operations\/alerts\.md#(\w+)/g)].map((m) => m[1]);
    expect(anchors).toEqual(alerts.map((a) => a?.toLowerCase()));
    const runbooks = fs.readFileSync(path.join(workspaceRoot(), 'docs', 'operations', 'alerts.md'), 'utf8');
    const sections = [...runbooks.matchAll(/^## (\w+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(alerts);
  });
});
