/**
 * Preloaded into the bench's processes with BENCH_PROFILE=1 (NODE_OPTIONS=--require, so worker
 * threads load it too): records a V8 CPU profile of each thread while the file
 * `$BENCH_PROFILE_DIR/.recording` exists, and writes it as `<phase>-<name>-<pid>-t<thread>.cpuprofile`
 * when the file goes away. The bench writes the phase's name into the file and removes it after the phase.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');
const { threadId } = require('node:worker_threads');

const dir = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME || 'process';
if (dir) {
  const flag = path.join(dir, '.recording');
  const session = new inspector.Session();
  session.connect();
  let recording = false;
  let label = 'phase';
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  const tick = async () => {
    const wanted = fs.existsSync(flag);
    if (wanted && !recording) {
      recording = true;
      label = fs.readFileSync(flag, 'utf8').trim() || 'phase';
      await post('Profiler.enable');
      await post('Profiler.start');
    } else if (!wanted && recording) {
      recording = false;
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(path.join(dir, `${label}-${name}-${process.pid}-t${threadId}.cpuprofile`), JSON.stringify(profile));
    }
  };
  let busy = false;
  setInterval(() => {
    if (busy) return;
    busy = true;
    tick()
      .catch((err) => process.stderr.write(`profile-preload: ${err.message}\n`))
      .finally(() => (busy = false));
  }, 100).unref();
}
