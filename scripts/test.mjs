#!/usr/bin/env node
// `npm test`: lint (with module boundaries), type checks, then every Jest suite
// (unit + integration + end-to-end, against a real Temporal server and PostgreSQL
// that the Jest global setup provides). Ends with the plain line "N passed, N failed".
// --also-cluster: then the workflow and fault suites again, on a Temporal cluster
// (TRAMITES_TEMPORAL=cluster, ADR 0013); the closing line sums both Jest runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
const jestArgs = process.argv.slice(2);
const checksOnly = jestArgs.includes('--checks-only');
const skipChecks = jestArgs.includes('--skip-checks');
const alsoCluster = jestArgs.includes('--also-cluster');
const passthrough = jestArgs.filter((a) => a !== '--checks-only' && a !== '--skip-checks' && a !== '--also-cluster');
/** The suites that run a second time on the cluster (TRAMITES_CLUSTER_SUITES narrows them for a local run). */
const CLUSTER_SUITES = (
  process.env.TRAMITES_CLUSTER_SUITES ||
  [
    'test/src/case-workflows',
    'test/src/faults',
    'test/src/duplicates/possible-duplicate-workflow.int-spec.ts',
    'test/src/security/actor-assertion.int-spec.ts',
    'test/src/security/start-assertion.int-spec.ts',
    'test/src/security/guard-after-check.int-spec.ts',
    'test/src/security/payload-encryption.int-spec.ts',
    'test/src/operations/test-worker-settings.int-spec.ts',
    'test/src/operations/workflow-stack-traces.int-spec.ts',
  ].join(' ')
)
  .split(/\s+/)
  .filter(Boolean);

const steps = [];
function step(name, command, args, extraEnv = {}) {
  const started = Date.now();
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (!skipChecks) {
  step('lint', bin('nx'), ['run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static']);
  step('typecheck', bin('tsc'), ['-p', 'tsconfig.json']);
  step('typecheck (domain, no Node types)', bin('tsc'), ['-p', 'libs/domain/tsconfig.json']);
  // The formatter (.prettierrc.json, ADR 0020): the tree was formatted in one commit, and stays so.
  step('format:check', bin('prettier'), ['--check', '.']);
}

let passed = 0;
let failed = 0;
let skipped = 0;
/** One Jest run; its counts are added to the closing line. */
function jest(name, args, extraEnv = {}) {
  const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-jest-')), 'summary.json');
  // --forceExit: once the global teardown has stopped the servers, a native handle of the SDK's
  // runtime has been seen to keep the in-band Jest process alive for good (no JS handle left).
  const ok = step(name, bin('jest'), ['--ci', '--forceExit', ...args], { ...extraEnv, TRAMITES_JEST_SUMMARY: summaryFile });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(summaryFile)) counts = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
  else if (!ok) counts.failed = 1; // Jest failed before running any test (e.g. its global setup)
  if (!ok && counts.failed === 0) counts.failed = 1;
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}
if (!checksOnly) {
  jest('jest', passthrough);
  if (alsoCluster) jest('jest on the Temporal cluster', [...passthrough, ...CLUSTER_SUITES], { TRAMITES_TEMPORAL: 'cluster' });
}

const isJest = (s) => s.name.startsWith('jest');
const failedChecks = steps.filter((s) => !s.ok && !isJest(s));
process.stdout.write('\n');
for (const s of steps) process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name} (${s.seconds} s)\n`);
failed += failedChecks.length;
passed += steps.filter((s) => s.ok && !isJest(s)).length;
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
