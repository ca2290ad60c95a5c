// `npm run build`: the worker, the mailer and the API as plain CommonJS in dist/, so production
// processes run without compiling TypeScript at start-up (ADR 0009: about 75 MB less per process).
// The sources keep their layout under dist/; imports of @tramites/* become relative paths.
// Workflows are not compiled here: the worker loads the bundle of `npm run build:workflows`.
import fs from 'node:fs';
import path from 'node:path';
import { transformFileSync } from '@swc/core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist');
const packages = {
  '@tramites/contracts': 'libs/contracts/src',
  '@tramites/domain': 'libs/domain/src',
  '@tramites/persistence': 'libs/persistence/src',
  '@tramites/signing': 'libs/signing/src',
  '@tramites/mail': 'libs/mail/src',
  '@tramites/histories': 'libs/histories/src',
  '@tramites/infra': 'libs/infra/src',
  '@tramites/observability': 'libs/observability/src',
  '@tramites/activities': 'activities/src',
  '@tramites/api': 'apps/api/src',
  '@tramites/worker': 'apps/worker/src',
  '@tramites/mailer': 'apps/mailer/src',
  '@tramites/web': 'apps/web/src',
};
const paths = Object.fromEntries(Object.entries(packages).map(([name, dir]) => [name, [`./${dir}/index.ts`]]));
const isSource = (f) => f.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(f) && !f.endsWith('.d.ts');

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (isSource(entry.name)) yield full;
  }
}

fs.rmSync(out, { recursive: true, force: true });
let count = 0;
for (const dir of Object.values(packages)) {
  for (const file of sources(path.join(root, dir))) {
    const { code } = transformFileSync(file, {
      swcrc: false,
      sourceMaps: false,
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
        baseUrl: root,
        paths,
      },
      module: { type: 'commonjs' },
    });
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code);
    count += 1;
  }
}
// The web pages read their templates, static files and message catalogues beside their code (ADR 0015, 0031).
for (const dir of ['apps/web/views', 'apps/web/public', 'apps/web/locales']) fs.cpSync(path.join(root, dir), path.join(out, dir), { recursive: true });
process.stdout.write(`build: ${count} files compiled into ${path.relative(process.cwd(), out) || 'dist'}/\n`);
