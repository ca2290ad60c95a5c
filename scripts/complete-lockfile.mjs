#!/usr/bin/env node
// The registry mirror reachable here serves only this platform's builds of packages
// such as @swc/core-<os>-<cpu>, so `npm install` writes a lock without the other
// platforms' optional packages, and `npm ci` then refuses the lock ("Missing: ... from
// lock file"). This adds, for every optional dependency that the lock names but does
// not hold, an entry marked optional with the os/cpu read from its name, so that
// `npm ci` accepts the lock and skips those packages on this platform (as it would
// with a lock written against the public registry). Run after `npm install`.
import fs from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 'riscv64', 's390x', 'loong64', 'wasm32', 'mips64el'];

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const version = range.replace(/^[\^~=]/, '');
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const hoisted = lock.packages[`node_modules/${name}`];
    if (lock.packages[nested] || hoisted?.version === version) continue;
    // A hoisted copy of another version: this one belongs beside its dependent.
    const target = hoisted ? nested : `node_modules/${name}`;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.find((p) => CPU.includes(p));
    if (!os && !cpu) continue; // not a platform build: leave it to npm
    lock.packages[target] = {
      version,
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
    };
    added += 1;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: ${added} platform entries added\n`);
