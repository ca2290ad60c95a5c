import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { workspaceRoot } from './paths';

/**
 * Production's processes hold no provisioning code (ADR 0025): every module a production app's
 * main.ts reaches, through relative imports and the workspace's @tramites/* packages, is followed
 * with TypeScript's own resolution; none may live in libs/devenv (or libs/testing).
 */
const root = workspaceRoot();
const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, resolveJsonModule: true };
const host: ts.ModuleResolutionHost = {
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  realpath: ts.sys.realpath,
  directoryExists: ts.sys.directoryExists,
};

/** Every workspace source file (not node_modules) that `entry` imports, directly or not. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [path.join(root, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, host).resolvedModule?.resolvedFileName;
      if (!resolved || !resolved.endsWith('.ts') || resolved.endsWith('.d.ts')) continue;
      const real = fs.realpathSync(resolved);
      if (!real.includes(`${path.sep}node_modules${path.sep}`)) queue.push(real);
    }
  }
  return new Set([...seen].map((file) => path.relative(root, file)));
}

describe.each(['apps/api/src/main.ts', 'apps/worker/src/main.ts', 'apps/mailer/src/main.ts', 'apps/web/src/main.ts'])(
  "production's import graph from %s",
  (main) => {
    const graph = importGraph(main);

    it('is followed into the workspace libraries', () => {
      expect(graph.size).toBeGreaterThan(10);
      if (!main.startsWith('apps/web/')) expect(graph).toContain('libs/infra/src/preflight.ts');
      expect([...graph].some((file) => file.startsWith('libs/contracts/src/'))).toBe(true);
    });

    it('holds no module of the development environment or of test support', () => {
      expect([...graph].filter((file) => file.startsWith('libs/devenv/') || file.startsWith('libs/testing/'))).toEqual([]);
    });
  },
);
