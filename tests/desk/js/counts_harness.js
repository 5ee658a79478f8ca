// Runs the GitHub desk's counter (scripts/jdih/desk_assets/hitung-teks.js) in node, loaded as the browser
// loads it: the twitter-text bundle and the counter as classic scripts in one global scope.
// stdin: {"scripts": [<paths>], "settings": <config.json page settings>, "cases": [{"platform": <id>, "text": ...}],
//         "posts": [{"data": {...}, "link": ...}], "codepoints": true|false, "unassigned": [<code points>],
//         "checks": [{"data": {...}, "files": {<berkas>: <base64 bytes> | null (no such file)}}]}
// stdout: {"lengths": [...], "invalid": [[...]], "captions": [[{text, source, length, limit}, ...]],
//          "space": [<code points>], "word": [<code points>], "reWord": [<code points>],
//          "checks": [{"findings": [{platform, level, code, message}], "pending": [...], "images": {...}}]}
'use strict';
const fs = require('fs');
const vm = require('vm');
const input = JSON.parse(fs.readFileSync(0, 'utf-8'));
const context = vm.createContext({ TextEncoder });
input.scripts.forEach((p) => vm.runInContext(fs.readFileSync(p, 'utf-8'), context, { filename: p }));
const hitung = context.JDIH_HITUNG;
hitung.configure(input.settings);
const platforms = input.settings.platform;
const byId = Object.fromEntries(platforms.map((p) => [p.id, p]));
const out = {
  lengths: input.cases.map((c) => hitung.textLength(byId[c.platform], c.text)),
  invalid: input.cases.map((c) => hitung.xInvalidCharacters(c.text)),
  captions: input.posts.map((p) => platforms.map((pl) => {
    const m = hitung.measure(p.data, pl, p.link);
    return { text: m.text, source: m.source, length: m.length, limit: m.limit };
  })),
};
// periksa's caption and media findings, each file read from its bytes as the pane reads an upload.
out.checks = (input.checks || []).map((c) => {
  const images = {};
  Object.entries(c.files).forEach(([name, b64]) => {
    images[name] = b64 === null ? null : hitung.inspectImage(new Uint8Array(Buffer.from(b64, 'base64')));
  });
  return { ...hitung.check(c.data, images), images };
});
if (input.codepoints) {
  // Every code point matched by the classes spelled after Python's \s and regex's \w.
  const space = new RegExp('^[' + hitung.classes.space + ']$', 'u');
  const word = new RegExp('^[' + hitung.classes.word + ']$', 'u');
  out.space = [];
  out.word = [];
  out.reWord = [];
  const reWord = new RegExp('^[' + hitung.classes.reWord + ']$', 'u');
  for (let c = 0; c < 0x110000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCodePoint(c);
    if (space.test(s)) out.space.push(c);
    if (word.test(s)) out.word.push(c);
    if (reWord.test(s)) out.reWord.push(c);
  }
}
// The code points among `unassigned` that this engine's Unicode has not assigned (\p{Cn}).
if (input.unassigned) out.unassigned = input.unassigned.filter((c) => /^\p{Cn}$/u.test(String.fromCodePoint(c)));
process.stdout.write(JSON.stringify(out));
