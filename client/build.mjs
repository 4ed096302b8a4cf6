// Bundles the browser code into ../wwwroot/js/ as ES modules with source maps.
// Usage: node build.mjs            (one build; `npm run build` type-checks first)
//        node build.mjs --watch    (rebuild on change while developing)
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const outdir = fileURLToPath(new URL('../wwwroot/js/', import.meta.url));
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: fileURLToPath(new URL('.', import.meta.url)),
  entryPoints: {
    graph: 'src/graph.ts',
    page: 'src/page.ts',
    // The command line's Tab handler: a few hundred bytes, so the dashboard's command line does
    // not wait for (or depend on) the Cytoscape bundle.
    commandline: 'src/commandline.ts',
  },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  sourcemap: true,
  minify: true,
  // page.js loads graph.js at run time by URL instead of carrying a second copy of Cytoscape.
  external: ['./graph.js'],
  legalComments: 'linked',
  logLevel: 'info',
};

// Stale files from an older build (renamed entries) must not be served.
await rm(outdir, { recursive: true, force: true });

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
