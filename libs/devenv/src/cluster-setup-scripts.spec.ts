import fs from 'node:fs';
import path from 'node:path';
import { SEARCH_ATTRIBUTES } from '@tramites/contracts';
import { workspaceRoot } from './paths';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_VERSION } from './temporal-cluster-tools';

// docker/temporal/search-attributes.sh is the one namespace setup of every cluster (compose and
// `npm start -- --cluster`): its list must be the contracts' list, name for name and type for type.
describe('docker/temporal/search-attributes.sh', () => {
  const script = fs.readFileSync(path.join(workspaceRoot(), 'docker', 'temporal', 'search-attributes.sh'), 'utf8');

  it('registers exactly the search attributes of libs/contracts', () => {
    const line = /^attributes="([^"]*)"$/m.exec(script)?.[1];
    expect(line).toBeDefined();
    const listed = Object.fromEntries((line ?? '').split(/\s+/).map((pair) => pair.split(':') as [string, string]));
    expect(listed).toEqual(SEARCH_ATTRIBUTES);
  });

  it('hides no error and asks for no flag the CLI lacks', () => {
    const code = script.replace(/#.*$/gm, '');
    expect(code).toMatch(/set -eu/);
    expect(code).not.toMatch(/--yes|\|\|\s*echo/);
  });
});

// docker/compose.yaml is not run on our machines: it is held to what the cluster mode runs.
describe('docker/compose.yaml', () => {
  const compose = fs.readFileSync(path.join(workspaceRoot(), 'docker', 'compose.yaml'), 'utf8');

  it('runs the server version of the cluster mode, as separate services, without auto-setup', () => {
    const images = [...compose.matchAll(/image: (temporalio\/[\w-]+):([\w.]+)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(new Set(images)).toEqual(
      new Set([`temporalio/server:${TEMPORAL_SERVER_VERSION}`, `temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`, `temporalio/ui:${TEMPORAL_UI_VERSION}`]),
    );
    expect(compose).not.toMatch(/image: temporalio\/auto-setup/);
    for (const service of ['frontend', 'history', 'matching', 'worker']) expect(compose).toMatch(new RegExp(`SERVICES: ${service}\\n`));
  });

  it('sets up the schema and the namespace with the scripts the cluster mode runs', () => {
    expect(compose).toMatch(/\.\/temporal\/schema-setup\.sh:/);
    expect(compose).toMatch(/\.\/temporal\/search-attributes\.sh:/);
  });
});
