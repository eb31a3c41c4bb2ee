/** The dependency rule of .dependency-cruiser.cjs, shown to fail when broken and to hold on the real tree. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');

function cruise(cwd: string, targets: string[]) {
  const r = spawnSync(depcruise, ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...targets], { cwd, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function scratchTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kam-arch-'));
  copyFileSync(path.join(root, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('dependency rule', () => {
  it('fails when src/core imports mongoose', () => {
    const dir = scratchTree({ 'src/core/leak.ts': "import mongoose from 'mongoose';\nexport const m = mongoose;\n" });
    const result = cruise(dir, ['src']);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('core-and-domain-stay-neutral');
    expect(result.out).toContain('src/core/leak.ts');
  });

  it('fails when the domain imports an adapter or src/ imports jobs/ outside the composition root', () => {
    const dir = scratchTree({
      'adapters/slack/app.ts': 'export const x = 1;\n',
      'jobs/nudges.ts': 'export const y = 2;\n',
      'src/domain/visits/service.ts': "import { x } from '../../../adapters/slack/app.ts';\nexport const z = x;\n",
      'src/cli.ts': "import { y } from '../jobs/nudges.ts';\nexport const w = y;\n",
      'src/main.ts': "import { y } from '../jobs/nudges.ts';\nexport const v = y;\n",
    });
    const result = cruise(dir, ['src', 'adapters', 'jobs']);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('core-and-domain-know-no-outside');
    expect(result.out).toContain('only-the-composition-root-wires-adapters-and-jobs');
    expect(result.out).not.toMatch(/src\/main\.ts → jobs/);
  });

  it('holds on the project itself', () => {
    const result = cruise(root, ['src', 'adapters', 'jobs']);
    expect(result.out).toMatch(/no dependency violations found|^$/);
    expect(result.code).toBe(0);
  });
});
