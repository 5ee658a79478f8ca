// Bundles the official twitter-text (npm, pinned in package-lock.json) into one browser script for the
// GitHub-mode admin page (scripts/jdih/desk/github_admin.py serves it from the site; never a CDN).
// twitter-text ships CommonJS only. Its core-js 2 requires are ES2015 polyfills that every browser the
// desk supports has natively; they are left out so the bundle does not patch the globals Decap uses.
// Run by scripts/setup_env.sh after `npm ci` (or by hand: `node desk/build-twitter-text.mjs`).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, 'node_modules', 'twitter-text', 'dist', 'index.js')],
  outfile: path.join(here, 'node_modules', '.jdih', 'twitter-text.js'),
  bundle: true,
  format: 'iife',
  globalName: 'twttr',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: [{
    name: 'no-core-js-polyfills',
    setup(b) {
      b.onResolve({ filter: /^core-js\/modules\// }, (args) => ({ path: args.path, namespace: 'no-polyfill' }));
      b.onLoad({ filter: /.*/, namespace: 'no-polyfill' }, () => ({ contents: '', loader: 'js' }));
    },
  }],
});
