import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bridgeDir = fileURLToPath(new URL('../', import.meta.url));
const srcDir = join(bridgeDir, 'src');
const distDir = join(bridgeDir, 'dist');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/**
 * `npm run build` compiles src/ to dist/ at the same depth (tsconfig.build.json: rootDir src,
 * outDir dist), so a file the bridge reads relative to its own module (themes, flows, the evidence
 * contract) must lie outside src/: then src/x/y.ts and dist/x/y.js name the same file.
 */
describe('files read relative to a module', () => {
  const reads = sources(srcDir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/new URL\('([^']+)', import\.meta\.url\)/g)].map((match) => ({ file, path: match[1]! })),
  );

  it('are found in the sources, and the build keeps every module at its depth', () => {
    expect(reads.map((read) => read.path)).to.include.members(['../../', '../../../', '../../../contract/']);
    const build = JSON.parse(readFileSync(join(bridgeDir, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(build.compilerOptions).to.include({ rootDir: 'src', outDir: 'dist' });
  });

  for (const { file, path } of reads) {
    it(`${relative(bridgeDir, file)}: ${path} lies outside src/, so dist/ finds it too`, () => {
      const fromSource = resolve(dirname(file), path);
      const fromBuild = resolve(dirname(join(distDir, relative(srcDir, file))), path);
      expect(fromBuild).to.equal(fromSource);
      expect(relative(srcDir, fromSource).startsWith('..'), `${fromSource} lies outside src/`).to.equal(true);
      expect(existsSync(fromSource), `${fromSource} exists`).to.equal(true);
    });
  }
});
