/**
 * `node --import tsx src/services/provision-cli.ts --build-only [--cache-dir DIR]`
 * Locates or builds FerretDB (progress on stderr) and prints the binary's path on stdout. Used by .ci/run.
 */
import { parseArgs } from 'node:util';
import { ensureFerretDbBinary } from './ferretdb.ts';
import { ProvisioningError } from './provisioning-error.ts';

const { values } = parseArgs({ options: { 'build-only': { type: 'boolean' }, 'cache-dir': { type: 'string' } } });
if (!values['build-only']) {
  process.stderr.write('usage: provision-cli --build-only [--cache-dir DIR]\n');
  process.exit(2);
}
try {
  const binary = await ensureFerretDbBinary({ cacheDir: values['cache-dir'], progress: (line) => process.stderr.write(`${line}\n`) });
  process.stderr.write(`FerretDB (${binary.source}, backends: ${binary.handlers.join(', ')})\n`);
  process.stdout.write(`${binary.path}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof ProvisioningError ? err.message : String(err)}\n`);
  process.exit(1);
}
