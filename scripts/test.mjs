#!/usr/bin/env node
// `npm test`: lint (with module boundaries), type checks, then every Jest suite
// (unit + integration + end-to-end, against a real Temporal server and PostgreSQL
// that the Jest global setup provides). Ends with the plain line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
const jestArgs = process.argv.slice(2);
const checksOnly = jestArgs.includes('--checks-only');
const skipChecks = jestArgs.includes('--skip-checks');
const passthrough = jestArgs.filter((a) => a !== '--checks-only' && a !== '--skip-checks');

const steps = [];
function step(name, command, args) {
  const started = Date.now();
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (!skipChecks) {
  step('lint', bin('nx'), ['run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static']);
  step('typecheck', bin('tsc'), ['-p', 'tsconfig.json']);
  step('typecheck (domain, no Node types)', bin('tsc'), ['-p', 'libs/domain/tsconfig.json']);
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (!checksOnly) {
  const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-jest-')), 'summary.json');
  env.TRAMITES_JEST_SUMMARY = summaryFile;
  const ok = step('jest', bin('jest'), ['--ci', ...passthrough]);
  if (fs.existsSync(summaryFile)) {
    ({ passed, failed, skipped } = JSON.parse(fs.readFileSync(summaryFile, 'utf8')));
  } else if (!ok) {
    failed += 1; // Jest failed before running any test (e.g. its global setup)
  }
  if (!ok && failed === 0) failed += 1;
}

const failedChecks = steps.filter((s) => !s.ok && s.name !== 'jest');
process.stdout.write('\n');
for (const s of steps) process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name} (${s.seconds} s)\n`);
failed += failedChecks.length;
passed += steps.filter((s) => s.ok && s.name !== 'jest').length;
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
