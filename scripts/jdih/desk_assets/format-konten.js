// Format berkas konten untuk Decap CMS di GitHub (CMS.registerCustomFormat "jdih-frontmatter").
//
// Decap writes through the GitHub API from the browser, so the guarantee the local desk gives on
// its server (jdih.desk.entry.overlay) must hold here: a save takes only the editor-owned keys from
// the form and lays them over the ORIGINAL text of the file. `status`, `riwayat`, `tautan` (and any
// key the form does not know) keep their original text byte for byte; an editor key whose value did
// not change keeps its original text too; a changed key is written the way the project's writer
// (jdih.post.dump_front_matter, PyYAML) writes it; keys come in the canonical order of
// jdih.post.KEY_ORDER. Saving without a change gives back the same bytes.
//
// Needs js-yaml (desk/node_modules/js-yaml, loaded before this file) to read the values for the form.
// Works in the browser (window.JDIH_FORMAT) and in node (module.exports) for the tests.
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(globalThis.jsyaml || require('js-yaml'));
  } else {
    root.JDIH_FORMAT = factory(root.jsyaml);
  }
})(typeof self !== 'undefined' ? self : this, function (jsyaml) {
  'use strict';

  var CONFIG = {
    // Filled from the generated configuration (jdih.desk.config): the single source is jdih.post / jdih.schema.
    keyOrder: ['judul', 'status', 'kategori', 'seri', 'platform', 'jadwal', 'tenggat', 'tag', 'media',
      'dokumen_hukum', 'teks', 'riwayat', 'tautan'],
    sopOwned: ['status', 'riwayat', 'tautan'],
    mediaKeys: ['berkas', 'alt'],
    dokumenKeys: ['jenis', 'nomor', 'tahun', 'judul', 'tautan'],
    timeKeys: ['jadwal', 'tenggat'],
    stepField: 'langkah',
  };
  var ORIGINAL = '__jdih_asli'; // the file's text as read, carried in the entry's data (never written)

  function configure(options) {
    Object.keys(options || {}).forEach(function (k) { CONFIG[k] = options[k]; });
  }

  function editorKeys() {
    return CONFIG.keyOrder.filter(function (k) { return CONFIG.sopOwned.indexOf(k) < 0; });
  }

  // -- reading ----------------------------------------------------------------------------------
  // Same split as jdih.post.split_front_matter: "---" line, YAML, a "---" (or "...") line, body.
  function split(text) {
    if (text.charAt(0) === '\ufeff') text = text.slice(1);
    if (!/^---\r?\n/.test(text)) return null;
    var lines = text.match(/[^\n]*\n|[^\n]+$/g) || [];
    for (var i = 1; i < lines.length; i++) {
      var bare = lines[i].replace(/\r?\n$/, '');
      if (bare === '---' || bare === '...') {
        return { yaml: lines.slice(1, i).join(''), body: lines.slice(i + 1).join('') };
      }
    }
    return null;
  }

  // Top-level keys of a block mapping written by PyYAML (or by hand): each key's own lines.
  function blocks(yaml) {
    var out = [];
    var lines = yaml.match(/[^\n]*\n|[^\n]+$/g) || [];
    var current = null;
    lines.forEach(function (line) {
      var m = /^([^\s#'"\-?:,\[\]{}][^:]*?|'[^']*'|"[^"]*"):(?:\s|$)/.exec(line);
      if (m) {
        current = { key: m[1].replace(/^['"]|['"]$/g, ''), text: line };
        out.push(current);
      } else if (current) {
        current.text += line;
      } else {
        out.push({ key: null, text: line }); // comments or blank lines before the first key
      }
    });
    return out;
  }

  function load(yaml) {
    var data = jsyaml.load(yaml, { schema: jsyaml.CORE_SCHEMA });
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
  }

  function fromFile(text) {
    var parts = split(text);
    if (!parts) return { body: text };
    var meta = load(parts.yaml);
    var data = {};
    Object.keys(meta).forEach(function (k) { data[k] = meta[k]; });
    data.body = parts.body.replace(/^\n+/, '');
    data[ORIGINAL] = text;
    return data;
  }

  // -- the editor's values, normalised like jdih.desk.entry.editor_fields ------------------------
  function isBlank(s) { return !/\S/.test(s); }

  function text(value) {
    if (value === null || value === undefined) return null;
    if (typeof value === 'boolean' || (typeof value !== 'string' && typeof value !== 'number')) {
      throw new Error('isian berisi nilai yang bukan teks: ' + JSON.stringify(value));
    }
    var s = String(value);
    return isBlank(s) ? null : s;
  }

  function strip(s) { return s.replace(/^\s+|\s+$/g, ''); }

  function words(value) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return null;
    var items = Array.isArray(value) ? value : [value];
    var out = [];
    items.forEach(function (v) {
      var t = text(v);
      if (t) {
        t = strip(t);
        if (out.indexOf(t) < 0) out.push(t);
      }
    });
    return out.length ? out : null;
  }

  function media(value) {
    if (!value || (Array.isArray(value) && !value.length)) return null;
    if (!Array.isArray(value)) throw new Error("isian 'media' harus berupa daftar gambar");
    var out = [];
    value.forEach(function (item) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        throw new Error("setiap gambar di 'media' harus berisi berkas dan teks alternatif");
      }
      var berkas = text(item.berkas);
      if (!berkas) return;
      var alt = text(item.alt);
      out.push({ berkas: strip(berkas).replace(/^[.\/]+/, ''), alt: alt ? strip(alt) : '' });
    });
    return out.length ? out : null;
  }

  function mapping(value, keys) {
    if (!value || (typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length)) return null;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('isian bertingkat harus berupa pemetaan');
    var out = {};
    var any = false;
    Object.keys(value).forEach(function (k) {
      if (keys && keys.indexOf(k) < 0) return;
      var v = value[k];
      if (typeof v === 'number' && Number.isInteger(v)) { out[k] = v; any = true; return; }
      var t = text(v);
      if (t !== null) { out[k] = t; any = true; }
    });
    return any ? out : null;
  }

  // An instant from a form or file time; null when empty, NaN-free; naive times are not comparable.
  function instant(value) {
    if (value === null || value === undefined || value === '') return null;
    if (value instanceof Date) return value;
    var s = strip(String(value));
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += 'T00:00:00+07:00';
    else if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) s += '+07:00'; // the form's time without a zone is WIB
    var d = new Date(s.replace(' ', 'T'));
    if (isNaN(d.getTime())) throw new Error('isian waktu bukan tanggal dan jam yang sah: ' + JSON.stringify(value));
    return d;
  }

  // isoformat() of the instant in WIB, as the Python writer stores it: 2026-11-25T09:00:00+07:00
  function wib(d) {
    var t = new Date(Math.floor(d.getTime() / 1000) * 1000 + 7 * 3600 * 1000);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return t.getUTCFullYear() + '-' + two(t.getUTCMonth() + 1) + '-' + two(t.getUTCDate()) + 'T' +
      two(t.getUTCHours()) + ':' + two(t.getUTCMinutes()) + ':' + two(t.getUTCSeconds()) + '+07:00';
  }

  function normalise(key, value) {
    if (CONFIG.timeKeys.indexOf(key) >= 0) {
      var d = instant(value);
      return d ? { time: wib(d) } : null;
    }
    if (key === 'platform' || key === 'tag') return words(value);
    if (key === 'media') return media(value);
    if (key === 'dokumen_hukum') {
      var doc = mapping(value, CONFIG.dokumenKeys);
      if (doc && typeof doc.tahun === 'string' && /^\d+$/.test(strip(doc.tahun))) doc.tahun = parseInt(strip(doc.tahun), 10);
      return doc;
    }
    if (key === 'teks') return mapping(value, null);
    var t = text(value);
    if (t === null) return null;
    return key === 'judul' ? strip(t).split(/\s+/).join(' ') : strip(t);
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // The form's disposisi group ({catatan, mulai}; a JSON string from a custom widget works too).
  function disposisi(value) {
    if (typeof value === 'string') {
      try { value = JSON.parse(value); } catch (e) { return null; }
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    var out = {};
    var note = text(value.catatan);
    if (note !== null) out.catatan = strip(note);
    var d = instant(value.mulai);
    if (d) out.mulai = { time: wib(d) };
    return Object.keys(out).length ? out : null;
  }

  // An original time is comparable only when it carries its zone (jdih.post.parse_time).
  function sameTime(old, fresh) {
    if (old === null || old === undefined || !/(Z|[+-]\d{2}:?\d{2})$/.test(strip(String(old)))) return false;
    try { return instant(old).getTime() === instant(fresh.time).getTime(); } catch (e) { return false; }
  }

  // -- writing, in PyYAML's style (jdih.post.dump_front_matter) -------------------------------
  var BREAKS = '\n\x85\u2028\u2029';
  var SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029';

  function isUnicodeOk(ch) {
    var c = ch.codePointAt(0);
    return (c === 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
      (c >= 0x10000 && c < 0x10FFFF)) && c !== 0xFEFF;
  }

  // yaml.emitter.Emitter.analyze_scalar (allow_unicode=True).
  function analyse(scalar) {
    var chars = Array.from(scalar);
    var n = chars.length;
    if (!n) return { empty: true, multiline: false, flowPlain: false, blockPlain: true, single: true, block: false };
    var blockInd = false, flowInd = false, lineBreaks = false, special = false;
    var leadSpace = false, leadBreak = false, trailSpace = false, trailBreak = false, breakSpace = false, spaceBreak = false;
    if (scalar.indexOf('---') === 0 || scalar.indexOf('...') === 0) blockInd = flowInd = true;
    var preceded = true;
    var followed = n === 1 || SPACE_OR_BREAK.indexOf(chars[1]) >= 0;
    var prevSpace = false, prevBreak = false;
    for (var i = 0; i < n; i++) {
      var ch = chars[i];
      if (i === 0) {
        if ('#,[]{}&*!|>\'"%@`'.indexOf(ch) >= 0) flowInd = blockInd = true;
        if ('?:'.indexOf(ch) >= 0) { flowInd = true; if (followed) blockInd = true; }
        if (ch === '-' && followed) flowInd = blockInd = true;
      } else {
        if (',?[]{}'.indexOf(ch) >= 0) flowInd = true;
        if (ch === ':') { flowInd = true; if (followed) blockInd = true; }
        if (ch === '#' && preceded) flowInd = blockInd = true;
      }
      if (BREAKS.indexOf(ch) >= 0) lineBreaks = true;
      var code = ch.codePointAt(0);
      if (!(ch === '\n' || (code >= 0x20 && code <= 0x7E))) {
        if (!isUnicodeOk(ch)) special = true;
      }
      if (ch === ' ') {
        if (i === 0) leadSpace = true;
        if (i === n - 1) trailSpace = true;
        if (prevBreak) breakSpace = true;
        prevSpace = true; prevBreak = false;
      } else if (BREAKS.indexOf(ch) >= 0) {
        if (i === 0) leadBreak = true;
        if (i === n - 1) trailBreak = true;
        if (prevSpace) spaceBreak = true;
        prevSpace = false; prevBreak = true;
      } else {
        prevSpace = prevBreak = false;
      }
      preceded = SPACE_OR_BREAK.indexOf(ch) >= 0;
      followed = i + 2 >= n || SPACE_OR_BREAK.indexOf(chars[i + 2]) >= 0;
    }
    var a = { empty: false, multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true };
    if (leadSpace || leadBreak || trailSpace || trailBreak) a.flowPlain = a.blockPlain = false;
    if (trailSpace) a.block = false;
    if (breakSpace) a.flowPlain = a.blockPlain = a.single = false;
    if (spaceBreak || special) a.flowPlain = a.blockPlain = a.single = a.block = false;
    if (lineBreaks) a.flowPlain = a.blockPlain = false;
    if (flowInd) a.flowPlain = false;
    if (blockInd) a.blockPlain = false;
    return a;
  }

  // Plain text that PyYAML's SafeResolver would read as something other than a string.
  var IMPLICIT = [
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    /^(?:<<)$/,
    /^(?:~|null|Null|NULL|)$/,
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
    /^(?:=)$/,
  ];
  // PyYAML only tries the resolvers registered for the first character.
  var FIRST = { 0: 'yYnNtTfFoO', 1: '-+0123456789.', 2: '-+0123456789', 3: '<', 4: '~nN', 5: '0123456789', 6: '=' };

  function resolvesToString(s) {
    for (var i = 0; i < IMPLICIT.length; i++) {
      if (i === 4 && s === '') return false;
      if (FIRST[i].indexOf(s.charAt(0)) >= 0 && IMPLICIT[i].test(s)) return false;
    }
    return true;
  }

  var ESCAPES = { '\0': '0', '\x07': 'a', '\x08': 'b', '\t': 't', '\n': 'n', '\x0B': 'v', '\x0C': 'f', '\r': 'r',
    '\x1B': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xA0': '_', '\u2028': 'L', '\u2029': 'P' };

  function doubleQuoted(s) {
    var out = '"';
    Array.from(s).forEach(function (ch) {
      var c = ch.codePointAt(0);
      var keep = ((c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) &&
        '"\\\x85\u2028\u2029\uFEFF'.indexOf(ch) < 0;
      if (keep) { out += ch; return; }
      if (ESCAPES[ch] !== undefined) { out += '\\' + ESCAPES[ch]; return; }
      var hex = c.toString(16).toUpperCase();
      if (c <= 0xFF) out += '\\x' + ('00' + hex).slice(-2);
      else if (c <= 0xFFFF) out += '\\u' + ('0000' + hex).slice(-4);
      else out += '\\U' + ('00000000' + hex).slice(-8);
    });
    return out + '"';
  }

  function literal(s, indent) {
    var hints = '';
    if (' \n\x85\u2028\u2029'.indexOf(s.charAt(0)) >= 0) hints += '2';
    var last = s.charAt(s.length - 1);
    if (BREAKS.indexOf(last) < 0) hints += '-';
    else if (s.length === 1 || BREAKS.indexOf(s.charAt(s.length - 2)) >= 0) hints += '+';
    var pad = new Array(indent + 1).join(' ');
    var lines = s.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return '|' + hints + '\n' + lines.map(function (l) { return l ? pad + l + '\n' : '\n'; }).join('');
  }

  // A string scalar after "key: " (block) or inside [..] (flow); `indent` is where block lines go.
  function scalar(s, flow, indent) {
    if (s.indexOf('\n') >= 0 && !flow) {
      s = s.split('\n').map(function (l) { return l.replace(/\s+$/, ''); }).join('\n');
      var a0 = analyse(s);
      if (a0.block) return literal(s, indent);
      return (a0.single && !a0.multiline ? "'" + s.replace(/'/g, "''") + "'" : doubleQuoted(s)) + '\n';
    }
    var a = analyse(s);
    var plainOk = resolvesToString(s) && (flow ? a.flowPlain : a.blockPlain);
    var out;
    if (plainOk) out = s;
    else if (a.single && !a.multiline) out = "'" + s.replace(/'/g, "''") + "'";
    else out = doubleQuoted(s);
    return flow ? out : out + '\n';
  }

  function value(v, indent) {
    // The text after "key:" for value v whose nested lines are indented by `indent`.
    if (v && typeof v === 'object' && v.time) return ' ' + v.time + '\n';
    if (typeof v === 'number') return ' ' + String(v) + '\n';
    if (typeof v === 'string') return ' ' + scalar(v, false, indent);
    if (Array.isArray(v)) {
      var flow = v.length && v.every(function (i) { return typeof i === 'string' || typeof i === 'number'; });
      if (flow) {
        return ' [' + v.map(function (i) { return typeof i === 'number' ? String(i) : scalar(i, true, indent); }).join(', ') + ']\n';
      }
      var pad = new Array(indent - 1).join(' ');
      return '\n' + v.map(function (item) {
        var body = mappingText(item, indent);
        return pad + '- ' + body.replace(/^ +/, '');
      }).join('');
    }
    return '\n' + mappingText(v, indent);
  }

  function mappingText(map, indent) {
    var pad = new Array(indent + 1).join(' ');
    return Object.keys(map).map(function (k) {
      return pad + scalar(k, true, indent) + ':' + value(map[k], indent + 2);
    }).join('');
  }

  function keyText(key, v) { return key + ':' + value(v, 2); }

  // The order jdih.post._ordered gives: known keys in KEY_ORDER, then the others as they came.
  function ordered(keys) {
    var known = CONFIG.keyOrder.filter(function (k) { return keys.indexOf(k) >= 0; });
    return known.concat(keys.filter(function (k) { return CONFIG.keyOrder.indexOf(k) < 0; }));
  }

  function bodyOf(sent) {
    var t = String(sent || '').replace(/\r\n/g, '\n').replace(/^\n+/, '');
    return isBlank(t) ? '' : t.replace(/\n+$/, '') + '\n';
  }

  function toFile(data) {
    var original = data[ORIGINAL];
    var parts = typeof original === 'string' ? split(original) : null;
    var oldMeta = parts ? load(parts.yaml) : {};
    var oldBlocks = parts ? blocks(parts.yaml) : [];
    var oldText = {};
    oldBlocks.forEach(function (b) { if (b.key !== null) oldText[b.key] = b.text; });
    var fields = {};
    editorKeys().forEach(function (k) {
      var norm = normalise(k, data[k]);
      if (norm !== null) fields[k] = norm;
    });
    var texts = {};
    var keys = [];
    Object.keys(oldMeta).forEach(function (k) {
      var editor = editorKeys().indexOf(k) >= 0;
      if (!editor) { texts[k] = oldText[k]; keys.push(k); return; }
      if (!(k in fields)) return; // cleared in the form
      var unchanged = CONFIG.timeKeys.indexOf(k) >= 0 ? sameTime(oldMeta[k], fields[k]) : (function () {
        try { return same(normalise(k, oldMeta[k]), fields[k]); } catch (e) { return false; }
      })();
      texts[k] = unchanged && oldText[k] !== undefined ? oldText[k] : keyText(k, fields[k]);
      keys.push(k);
    });
    Object.keys(fields).forEach(function (k) {
      if (keys.indexOf(k) < 0) { texts[k] = keyText(k, fields[k]); keys.push(k); }
    });
    // The disposisi inputs go into a NEW file only (CI reads them once, at the merge, into the first
    // riwayat entry: jdih.forge.record); an existing file keeps its text, whatever the form says.
    var step = parts ? null : disposisi(data[CONFIG.stepField]);
    if (step) { texts[CONFIG.stepField] = keyText(CONFIG.stepField, step); keys.push(CONFIG.stepField); }
    var yaml = ordered(keys).map(function (k) {
      var t = texts[k];
      return t === undefined ? keyText(k, oldMeta[k]) : t;
    }).join('');
    // Lines before the first key (comments) stay where they were.
    var lead = oldBlocks.filter(function (b) { return b.key === null; }).map(function (b) { return b.text; }).join('');
    var body = bodyOf(data.body);
    var oldBody = parts ? parts.body : '';
    if (parts && strip(body) === strip(oldBody)) body = oldBody;
    body = body.replace(/^\n+/, '');
    var head = '---\n' + lead + yaml + '---\n';
    return body ? head + '\n' + body : head;
  }

  return { fromFile: fromFile, toFile: toFile, configure: configure, ORIGINAL: ORIGINAL };
});
