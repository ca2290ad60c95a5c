import fs from 'node:fs';
import path from 'node:path';
import { SEARCH_ATTRIBUTES } from '@tramites/contracts';
import { workspaceRoot } from './paths';

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
