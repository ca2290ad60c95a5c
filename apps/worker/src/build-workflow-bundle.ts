import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '@tramites/infra';

/** `npm run build:workflows`: the prebuilt workflow bundle the worker loads in production. */
async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({
    // Failures leave the sandbox with their message in an encrypted payload; updates' actors are checked (ADR 0014).
    ...workflowBundleOptions(require.resolve('@tramites/workflows')),
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  process.stdout.write(`workflow bundle written to ${out} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`build:workflows: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
