#!/usr/bin/env node
/**
 * Summarises the V8 CPU profiles that `BENCH_PROFILE=1 npm run bench` writes: for each profile
 * (one per process thread and phase) the top functions by self time, and self time by package
 * (node_modules/<package>, node: internals, our own folders).
 *   node bench/profile-summary.mjs <profiles folder> [top N, default 25] [--json]
 */
import fs from 'node:fs';
import path from 'node:path';

const [dir, topArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const asJson = process.argv.includes('--json');
if (!dir) {
  process.stderr.write('usage: node bench/profile-summary.mjs <profiles folder> [top N] [--json]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);

/** Where a function lives: a package, a node internal, or a folder of the repository. */
function owner(url) {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /(apps\/[^/]+|libs\/[^/]+|workflows|activities|bench)\//.exec(url);
  return m
    ? m[1]
    : url
        .replace(/^file:\/\//, '')
        .split('/')
        .slice(-2)
        .join('/');
}

const summaries = [];
for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()) {
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const dt = new Map(); // node id -> self microseconds
  const deltas = profile.timeDeltas ?? [];
  // The first sample after Profiler.start carries the time since the start, in the inspector's
  // `dispatch`: not work of the process, so it is left out.
  const dispatch = new Set(profile.nodes.filter((n) => n.callFrame.functionName === 'dispatch' && !n.callFrame.url).map((n) => n.id));
  profile.samples?.forEach((id, i) => !dispatch.has(id) && dt.set(id, (dt.get(id) ?? 0) + (deltas[i] ?? 0)));
  const byFunction = new Map();
  const byOwner = new Map();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const key = `${functionName || '(anonymous)'} ${owner(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const o = functionName === '(garbage collector)' ? '(garbage collector)' : functionName === '(program)' ? '(program)' : owner(url);
    byOwner.set(o, (byOwner.get(o) ?? 0) + us);
  }
  const ranked = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Math.round((us / total) * 1000) / 10 }));
  summaries.push({ file, busyMs: Math.round(total / 1000), idleMs: Math.round(idle / 1000), functions: ranked(byFunction), owners: ranked(byOwner) });
}

if (asJson) {
  process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
} else {
  for (const s of summaries) {
    console.log(`\n== ${s.file}: ${s.busyMs} ms busy, ${s.idleMs} ms idle`);
    console.log('   self ms  share  by package / folder');
    for (const o of s.owners.slice(0, 12)) console.log(`${String(o.ms).padStart(10)} ${String(o.share).padStart(5)}%  ${o.name}`);
    console.log('   self ms  share  function');
    for (const fn of s.functions) console.log(`${String(fn.ms).padStart(10)} ${String(fn.share).padStart(5)}%  ${fn.name}`);
  }
}
