import fs from 'node:fs';
import path from 'node:path';
import { NODE24_VERSION, findOrInstallNode24 } from './node-runtime';
import { workspaceRoot } from './paths';

// The image runs the Node release the tests start the compiled apps on (test/src/operations/production-node24.e2e-spec.ts).
describe('the production Node.js runtime', () => {
  it('is the one docker/Dockerfile builds and runs on, in every stage', () => {
    const dockerfile = fs.readFileSync(path.join(workspaceRoot(), 'docker', 'Dockerfile'), 'utf8');
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]).filter((image) => image !== 'deps');
    expect(images).toEqual([`node:${NODE24_VERSION}-bookworm-slim`, `node:${NODE24_VERSION}-bookworm-slim`]);
  });

  it('is accepted by package.json, beside the Node 20 of our machines', () => {
    const { engines } = JSON.parse(fs.readFileSync(path.join(workspaceRoot(), 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).toMatch(/^>=20\.\d+/);
    expect(Number(NODE24_VERSION.split('.')[0])).toBe(24);
  });

  describe('NODE24_BIN', () => {
    const saved = process.env.NODE24_BIN;
    afterEach(() => {
      if (saved === undefined) delete process.env.NODE24_BIN;
      else process.env.NODE24_BIN = saved;
    });

    it('must exist', async () => {
      process.env.NODE24_BIN = '/nonexistent/bin/node';
      await expect(findOrInstallNode24()).rejects.toThrow('NODE24_BIN points to /nonexistent/bin/node, which does not exist');
    });

    it('must be a Node 24', async () => {
      if (process.versions.node.startsWith('24.')) return; // the running Node is itself a 24
      process.env.NODE24_BIN = process.execPath;
      await expect(findOrInstallNode24()).rejects.toThrow(`is Node ${process.version}, not Node 24`);
    });
  });
});
