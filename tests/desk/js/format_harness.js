// Runs the desk's Decap format (scripts/jdih/desk_assets/format-konten.js) in node for the tests.
// stdin: {"yaml": <path of js-yaml>, "format": <path>, "cases": [{"text": ..., "set": {...}, "unset": [...]}]}
// stdout: [{"data": <form data after the edits, JSON>, "out": <the saved file text>} | {"error": ...}]
'use strict';
const fs = require('fs');
const input = JSON.parse(fs.readFileSync(0, 'utf-8'));
globalThis.jsyaml = require(input.yaml);
const format = require(input.format);
const out = input.cases.map((c) => {
  try {
    const data = format.fromFile(c.text);
    Object.assign(data, c.set || {});
    (c.unset || []).forEach((k) => { delete data[k]; });
    const saved = format.toFile(JSON.parse(JSON.stringify(data)));
    delete data[format.ORIGINAL];
    return { data, out: saved };
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
});
process.stdout.write(JSON.stringify(out));
