import fs from 'node:fs';
import path from 'node:path';
import { run, which } from './commands';
import { type Log } from '@tramites/infra';
import { userCacheDir } from './paths';

/** Temporal's time-skipping test server, published on Maven Central. */
export const TEST_SERVER_ARTIFACT = { groupId: 'io.temporal', artifactId: 'temporal-test-server', version: '1.31.0' };

function cacheDir(): string {
  return path.join(userCacheDir(), 'temporal-test-server', TEST_SERVER_ARTIFACT.version);
}

export function cachedTestServerPath(): string {
  return path.join(cacheDir(), 'temporal-test-server');
}

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tramites.local</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>${TEST_SERVER_ARTIFACT.groupId}</groupId>
      <artifactId>${TEST_SERVER_ARTIFACT.artifactId}</artifactId>
      <version>${TEST_SERVER_ARTIFACT.version}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * Provides an executable that starts the time-skipping test server:
 * TEMPORAL_TEST_SERVER, then the per-user cache, otherwise resolves the jar and
 * its dependencies with Maven and writes a two-line wrapper into the cache.
 * Returns undefined when Maven or Java is absent (the SDK may then download its own).
 */
export async function findOrInstallTestServer(log: Log = (l) => process.stderr.write(`${l}\n`)): Promise<string | undefined> {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`TEMPORAL_TEST_SERVER points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const wrapper = cachedTestServerPath();
  if (fs.existsSync(wrapper)) return wrapper;
  const mvn = which('mvn');
  const java = which('java');
  if (!mvn || !java) return undefined;

  const dir = cacheDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pom.xml'), POM);
  const started = Date.now();
  log(`Resolving ${TEST_SERVER_ARTIFACT.artifactId}:${TEST_SERVER_ARTIFACT.version} from Maven Central...`);
  const classpathFile = path.join(dir, 'classpath.txt');
  await run(mvn, ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], { cwd: dir, log });
  const staging = `${wrapper}.${process.pid}.tmp`;
  fs.writeFileSync(staging, `#!/bin/sh\nexec "${java}" -cp "$(cat '${classpathFile}')" io.temporal.testserver.TestServer "$@"\n`, { mode: 0o755 });
  fs.renameSync(staging, wrapper);
  log(`Time-skipping test server ready in ${Math.round((Date.now() - started) / 1000)} s: ${wrapper}`);
  return wrapper;
}
