// Caption counting and composition for the GitHub-mode desk, rule for rule what `jdih periksa` and
// `jdih pratinjau` do in Python (jdih.checks.limits, jdih.publishing.caption, jdih.preview), and periksa's
// caption and media findings (`check`, jdih.checks.limits + jdih.checks.media; images read from their bytes
// by `inspectImage`): the rules, limits and wording come from sop/ and jdih.checks.messages through
// config.json, never from this file. tests/desk/test_github_counts.py runs this file in node and in Chromium
// against the Python checker.
// Needs `twttr` (the official twitter-text v3 from npm, bundled by desk/build-twitter-text.mjs).
(function (root) {
  'use strict';

  var twttr = root.twttr && (root.twttr.parseTweet ? root.twttr : root.twttr['default']);

  // Python's str.isspace()/`re` \s (strip(), URL_RE): JS \s differs (it holds U+FEFF, lacks U+001C-U+001F
  // and U+0085).
  var SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  // The `regex` module's \w (Unicode word characters, UTS #18); JS \w is ASCII only.
  var WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';

  var URL_RE = new RegExp('https?://[^' + SPACE + '<>"\']+', 'gu');
  var STRIP_RE = new RegExp('^[' + SPACE + ']+|[' + SPACE + ']+$', 'g');
  var MASTODON_MENTION_RE = new RegExp('(?<![=/' + WORD + '])@([a-z0-9_]+(?:[.\\-]+[a-z0-9_]+)*)' +
    '(?:@[' + WORD + '.\\-]+[' + WORD + ']+)?', 'giu');
  var EMOJI_CP_RE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0f\u20e3]/gu;
  var MAYBE_EMOJI_RE = /[\u00a9\u00ae\u2000-\u{10ffff}]/u;
  var LINE_END_RE = /\r\n|\r/g;
  var ASCII_RE = /^[\x00-\x7f]*$/;

  var segmenter = null;
  var WINDOW = 2048; // UTF-16 code units per segmenter run
  var xEmoji = null; // set by configure(): the emoji the checker weighs as one unit on X

  /** Code points (Python's len()). */
  function codePoints(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        var d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  /** UTF-8 size in bytes. */
  function utf8Length(text) {
    return new TextEncoder().encode(text).length;
  }

  /** Python's str.strip(). */
  function strip(text) { return text.replace(STRIP_RE, ''); }

  function count(text, re) { var m = text.match(re); return m ? m.length : 0; }

  /**
   * Grapheme clusters (Bluesky; Python `regex` \X). V8's segmenter slows down quadratically on long texts,
   * so it runs on windows: every boundary but a window's last is final (a boundary depends only on the text
   * before it and the character after it), and the next window starts at that last boundary.
   */
  function graphemeLength(text) {
    if (ASCII_RE.test(text)) return text.length - count(text, /\r\n/g);
    if (!segmenter) segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
    var n = 0;
    var start = 0;
    var size = WINDOW;
    for (;;) {
      var end = Math.min(text.length, start + size);
      var last = 0;
      var k = 0;
      for (var it = segmenter.segment(text.slice(start, end))[Symbol.iterator](), s = it.next(); !s.done;
        s = it.next()) {
        last = s.value.index;
        k++;
      }
      if (end === text.length) return n + k;
      if (last === 0) { // one cluster longer than the window
        size *= 2;
        continue;
      }
      n += k - 1;
      start += last;
      size = WINDOW;
    }
  }

  /**
   * twitter-text v3 weighted length as the checker computes it (twitter-text-parser's parse_tweet): after NFC
   * and line ends made \n, every URL (npm twitter-text's extractor) weighs transformedURLLength, every emoji
   * of the checker's list (config.json `emojiX`) the default weight, other code points by the configured
   * ranges. twttr.parseTweet itself is not used: its emoji list (twemoji-parser 11) is not the checker's.
   */
  function xWeightedLength(text) {
    if (!xEmoji) throw new Error('hitung-teks.js: configure() belum dipanggil (emojiX)');
    var cfg = twttr.configs.defaults;
    var normalized = text.normalize('NFC').replace(LINE_END_RE, '\n');
    var urls = {};
    twttr.extractUrlsWithIndices(normalized).forEach(function (u) { urls[u.indices[0]] = u.indices[1]; });
    var emoji = xEmojiSpans(normalized);
    var weight = 0;
    for (var i = 0; i < normalized.length;) {
      if (urls[i] !== undefined) {
        weight += cfg.transformedURLLength * cfg.scale;
        i = urls[i];
      } else if (cfg.emojiParsingEnabled && emoji[i] !== undefined) {
        weight += cfg.defaultWeight;
        i = emoji[i];
      } else {
        var cp = normalized.codePointAt(i);
        weight += rangeWeight(cfg, cp);
        i += cp > 0xffff ? 2 : 1;
      }
    }
    return Math.trunc(weight / cfg.scale);
  }

  /**
   * Start -> end of each emoji match, as Python's finditer finds them: the leftmost match from the end of
   * the previous one, the first sequence in the list's order, else one code point of the single class.
   * (One regular expression of thousands of astral alternatives is very slow in V8.)
   */
  function xEmojiSpans(text) {
    var spans = {};
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      var end = xEmojiAt(text, i, cp);
      if (end > i) {
        spans[i] = end;
        i = end;
      } else {
        i += cp > 0xffff ? 2 : 1;
      }
    }
    return spans;
  }

  function xEmojiAt(text, i, cp) {
    if (xEmoji.sticky) {
      xEmoji.sticky.lastIndex = i;
      var m = xEmoji.sticky.exec(text);
      return m ? i + m[0].length : i;
    }
    var group = xEmoji.byFirst.get(cp) || [];
    for (var k = 0; k < group.length; k++) {
      if (text.startsWith(group[k], i)) return i + group[k].length;
    }
    return xEmoji.single.test(String.fromCodePoint(cp)) ? i + (cp > 0xffff ? 2 : 1) : i;
  }

  function rangeWeight(cfg, cp) {
    for (var r = 0; r < cfg.ranges.length; r++) {
      if (cfg.ranges[r].start <= cp && cp <= cfg.ranges[r].end) return cfg.ranges[r].weight;
    }
    return cfg.defaultWeight;
  }

  /**
   * Settings from config.json (page_settings): `emojiX`, the checker's X emoji expression; `platform` and
   * `periksa` for check().
   */
  function configure(settings) {
    rules = settings;
    var e = settings.emojiX;
    if (e.pattern) {
      xEmoji = { sticky: new RegExp('(?:' + e.pattern + ')', 'uy') };
      return;
    }
    // Sequences grouped by their first code point, each group in the list's order.
    var byFirst = new Map();
    e.sequences.forEach(function (seq) {
      var first = seq.codePointAt(0);
      if (!byFirst.has(first)) byFirst.set(first, []);
      byFirst.get(first).push(seq);
    });
    xEmoji = { byFirst: byFirst, single: new RegExp('^[' + e.single + ']$', 'u') };
  }

  /** The characters X refuses (twitter-text's invalid characters), once each, in order. */
  function xInvalidCharacters(text) {
    var re = new RegExp(twttr.regexen.invalidChars.source, 'gu');
    var seen = [];
    (text.match(re) || []).forEach(function (c) { if (seen.indexOf(c) < 0) seen.push(c); });
    return seen;
  }

  /** Mastodon's StatusLengthValidator: URLs count urlWeight, @user@instance counts as @user, graphemes. */
  function mastodonLength(text, urlWeight) {
    var entities = twttr.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false }).map(function (u) {
      return [u.indices[0], u.indices[1], 'x'.repeat(urlWeight)];
    });
    Array.from(text.matchAll(MASTODON_MENTION_RE)).forEach(function (m) {
      entities.push([m.index, m.index + m[0].length, '@' + m[1]]);
    });
    entities.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    var parts = [];
    var pos = 0;
    entities.forEach(function (e) {
      if (e[0] < pos) return; // overlaps an entity already rewritten
      parts.push(text.slice(pos, e[0]), e[2]);
      pos = e[1];
    });
    parts.push(text.slice(pos));
    return graphemeLength(parts.join(''));
  }

  /** Characters, every emoji code point counted as its UTF-8 bytes (Threads). */
  function emojiByteLength(text) {
    var n = codePoints(text);
    if (!MAYBE_EMOJI_RE.test(text)) return n;
    (text.match(EMOJI_CP_RE) || []).forEach(function (e) {
      var cp = e.codePointAt(0);
      n += cp < 0x80 ? 0 : cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3; // its UTF-8 bytes, less the 1 counted
    });
    return n;
  }

  /** Code points, each http(s) URL counted urlWeight when given. */
  function charLength(text, urlWeight) {
    var n = codePoints(text);
    if (!urlWeight) return n;
    (text.match(URL_RE) || []).forEach(function (u) { n += urlWeight - codePoints(u); });
    return n;
  }

  /** Length of text by the platform's counting rule (platform = {hitung, teks} from config.json). */
  function textLength(platform, text) {
    var t = platform.teks || {};
    var rule = t.hitung || 'karakter';
    if (rule === 'x-berbobot') return xWeightedLength(text);
    if (rule === 'grafem') return graphemeLength(text);
    if (rule === 'karakter-emoji-byte') return emojiByteLength(text);
    if (rule === 'mastodon') return mastodonLength(text, parseInt(t.tautan_dihitung, 10) || 23);
    return charLength(text, t.tautan_dihitung ? parseInt(t.tautan_dihitung, 10) : null);
  }

  /** The caption limit (the tighter one for captions of images where the platform has one). */
  function limitOf(platform, hasImages) {
    var t = platform.teks || {};
    if (hasImages && t.maks_dengan_gambar) return parseInt(t.maks_dengan_gambar, 10);
    return parseInt(t.maks || 0, 10);
  }

  function fits(text, platform, hasImages) {
    var max = limitOf(platform, hasImages);
    if (max && textLength(platform, text) > max) return false;
    var maxBytes = (platform.teks || {}).maks_byte;
    return !(maxBytes && utf8Length(text) > parseInt(maxBytes, 10));
  }

  /** The site link of a post: jdih.links.post_url. */
  function postUrl(siteUrl, postId) {
    return siteUrl.replace(/\/+$/, '') + '/' + postId.replace(/^\/+|\/+$/g, '') + '/';
  }

  /**
   * The caption as publishing sends it (jdih.preview.compose_caption): the `teks.<id>` override when it is
   * a string, else the body, stripped; the site link appended on its own paragraph when it still fits;
   * the bare caption when it does not (publishing refuses it then, and the preview shows why).
   */
  function composeCaption(data, platform, link) {
    var overrides = data.teks;
    var own = !!overrides && typeof overrides === 'object' && typeof overrides[platform.id] === 'string';
    var body = strip(own ? overrides[platform.id] : String(data.body || ''));
    var hasImages = hasMedia(data);
    var text = body;
    if (link && body.indexOf(link) < 0) {
      var withLink = body ? body + '\n\n' + link : link;
      if (fits(withLink, platform, hasImages)) text = withLink;
    }
    return { text: text, source: own ? 'teks.' + platform.id : 'isi konten' };
  }

  /** Post.media: items with a file name. */
  function hasMedia(data) {
    return Array.isArray(data.media) && data.media.some(function (m) {
      return !!m && typeof m === 'object' && typeof m.berkas === 'string';
    });
  }

  /** Everything the preview shows for one platform: caption, length, limit, bytes, refused characters. */
  function measure(data, platform, link) {
    var caption = composeCaption(data, platform, link);
    var hasImages = hasMedia(data);
    var t = platform.teks || {};
    return {
      text: caption.text,
      source: caption.source,
      length: textLength(platform, caption.text),
      limit: limitOf(platform, hasImages),
      bytes: utf8Length(caption.text),
      maxBytes: t.maks_byte ? parseInt(t.maks_byte, 10) : 0,
      invalid: t.hitung === 'x-berbobot' ? xInvalidCharacters(caption.text) : [],
    };
  }


  // ---- jdih periksa's caption and media findings (jdih.checks.limits, jdih.checks.media) ---------------------
  // The rules come from config.json (`periksa` and each platform's `teks`/`media`, from sop/platform.yml and
  // sop/alur.yml), and so does the wording: periksa's own templates (jdih.checks.messages, `periksa.pesan`).
  // tests/desk/test_github_counts.py compares both, message for message, on every sample post and on the
  // tricky cases.

  // Python `re` \w (str.isalnum() or "_"), which the checker's hashtag and mention expressions use.
  var RE_WORD = '\\p{L}\\p{N}_';
  var HASHTAG_RE = new RegExp('(?<![' + RE_WORD + '#&])#[' + RE_WORD + ']+', 'gu');
  var MENTION_RE = new RegExp('(?<![' + RE_WORD + '@])@[' + RE_WORD + '.]+', 'gu');
  var rules = null; // config.json's settings (`platform`, `periksa`), set by configure()

  /** Python's format(x, '.Nf'): the nearest, ties (exact binary halves) to even; JS toFixed rounds them up. */
  function pyFixed(x, digits) {
    var scaled = x * Math.pow(10, digits);
    var low = Math.floor(scaled);
    if (scaled - low === 0.5) return ((low % 2 === 0 ? low : low + 1) / Math.pow(10, digits)).toFixed(digits);
    return x.toFixed(digits);
  }

  /** Python's format(x, 'g') for the ratios of platform.yml (plain decimals). */
  function pyG(x) { return String(Number(x.toPrecision(6))); }

  /** periksa's template `key` (jdih.checks.messages) filled with `values`, as str.format fills it. */
  function msg(key, values) {
    var template = rules.periksa.pesan[key];
    if (template === undefined) throw new Error('hitung-teks.js: templat pesan tidak ada: ' + key);
    return template.replace(/\{(\w+)\}/g, function (all, name) { return String(values[name]); });
  }

  /** jdih.checks.media._mb: "4,2 MB". */
  function megabytes(n) { return msg('media-mb', { mb: pyFixed(n / 1000000, 1).replace('.', ',') }); }

  function isText(v) { return typeof v === 'string'; }

  /** Post.platforms: the listed ids (a lone string counts as a list of one). */
  function listedPlatforms(data) {
    var v = data.platform;
    var ids = isText(v) ? [v] : Array.isArray(v) ? v.filter(isText) : [];
    var seen = [];
    ids.forEach(function (id) { if (seen.indexOf(id) < 0) seen.push(id); });
    return seen.map(function (id) {
      return rules.platform.filter(function (p) { return p.id === id; })[0];
    }).filter(Boolean);
  }

  /** CheckContext.status_of on a Decap branch: a new entry (no status, no riwayat) is in the SOP's first state. */
  function statusOf(data) {
    var has = function (k) { return Object.prototype.hasOwnProperty.call(data, k) && data[k] !== undefined; };
    if (!has('status') && !has('riwayat')) return rules.periksa.statusAwal;
    var v = data.status;
    return (isText(v) || typeof v === 'number') ? String(v) : '';
  }

  function contentRequired(status) {
    var known = rules.periksa.isiWajib;
    return Object.prototype.hasOwnProperty.call(known, status) ? !!known[status] : true;
  }

  /** Post.caption(platform): the `teks.<id>` override when it is a string, else the body; stripped. */
  function bareCaption(data, id) {
    var overrides = data.teks;
    var own = !!overrides && typeof overrides === 'object' && isText(overrides[id]);
    return { text: strip(own ? overrides[id] : String(data.body || '')), source: own ? 'teks.' + id : 'isi konten' };
  }

  function finding(platform, code, message, level) {
    return { platform: platform ? platform.id : null, level: level || 'GALAT', code: code, message: message };
  }

  /** jdih.checks.limits.check_limits: length, bytes, refused characters, hashtag/mention/link caps, empty. */
  function captionFindings(data) {
    var out = [];
    var hasMedia = Array.isArray(data.media) && data.media.length > 0;
    var required = contentRequired(statusOf(data));
    listedPlatforms(data).forEach(function (p) {
      var caption = bareCaption(data, p.id);
      var text = caption.text;
      var source = caption.source;
      var t = p.teks || {};
      var withImages = hasMedia || !required;
      var add = function (code, message) { out.push(finding(p, code, message)); };
      if (!text) {
        if (!withImages) add('TEKS-KOSONG', msg('TEKS-KOSONG', { platform: p.nama, source: source }));
        return;
      }
      if (t.hitung === 'x-berbobot') {
        var bad = xInvalidCharacters(text);
        if (bad.length) {
          var chars = bad.map(function (c) {
            return 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + ' ' +
              (rules.periksa.namaKarakter[c] || 'tanpa nama');
          }).join(', ');
          add('TEKS-KARAKTER', msg('TEKS-KARAKTER', { platform: p.nama, source: source, chars: chars }));
        }
      }
      var withLimit = withImages && t.maks_dengan_gambar;
      var limit = withLimit ? parseInt(t.maks_dengan_gambar, 10) : p.batas;
      if (limit) {
        var n = textLength(p, text);
        if (n > limit) {
          add('TEKS-PANJANG', msg('TEKS-PANJANG', { platform: p.nama, source: source, length: n, unit: p.satuan,
            limit: limit, why: withLimit ? msg('TEKS-PANJANG-gambar', {}) : '' }));
        }
      }
      if (t.maks_byte) {
        var size = utf8Length(text);
        if (size > parseInt(t.maks_byte, 10)) {
          add('TEKS-BITA', msg('TEKS-BITA', { platform: p.nama, source: source, size: size, limit: t.maks_byte }));
        }
      }
      var caps = [['maks_tagar', HASHTAG_RE, 'TEKS-TAGAR'], ['maks_sebutan', MENTION_RE, 'TEKS-SEBUTAN'],
        ['maks_tautan', URL_RE, 'TEKS-TAUTAN']];
      caps.forEach(function (c) {
        if (t[c[0]] === undefined || t[c[0]] === null) return;
        var k = count(text, c[1]);
        if (k > parseInt(t[c[0]], 10)) {
          add(c[2], msg(c[2], { platform: p.nama, source: source, count: k, limit: t[c[0]] }));
        }
      });
    });
    return out;
  }

  /** jdih.checks.media.path_problem. */
  function pathProblem(name) {
    if (!strip(name)) return msg('jalur-kosong', {});
    if (name.indexOf('\u0000') >= 0) return msg('jalur-nul', {});
    if (/^[/\\]/.test(name) || /^[A-Za-z]:[/\\]/.test(name)) {
      return msg('jalur-mutlak', { name: name });
    }
    if (name.replace(/\\/g, '/').split('/').indexOf('..') >= 0) {
      return msg('jalur-keluar', { name: name });
    }
    return null;
  }

  /** PurePosixPath(name.replace("\\", "/")).suffix.lower(). */
  function suffix(name) {
    var parts = name.replace(/\\/g, '/').split('/').filter(function (s) { return s && s !== '.'; });
    var last = parts.length ? parts[parts.length - 1] : '';
    var i = last.lastIndexOf('.');
    return i > 0 && i < last.length - 1 ? last.slice(i).toLowerCase() : '';
  }

  /** jdih.checks.media.media_type_problem: the allow-list `jenis_media` against the extension and the content. */
  function mediaTypeProblem(name, format) {
    var allowed = rules.periksa.jenisMedia;
    var ext = suffix(name);
    var every = [];
    Object.keys(allowed).forEach(function (f) {
      allowed[f].forEach(function (e) { if (every.indexOf(e) < 0) every.push(e); });
    });
    every.sort();
    if (every.indexOf(ext) < 0) {
      var shown = ext ? msg('jenis-akhiran-ada', { ext: ext }) : msg('jenis-akhiran-tidak-ada', {});
      return msg('jenis-akhiran', { shown: shown, every: every.join(', ') });
    }
    if (!format) return null;
    var exts = allowed[format.toUpperCase()];
    if (!exts) {
      return msg('jenis-isi', { format: format, allowed: Object.keys(allowed).join(', ') });
    }
    if (exts.indexOf(ext) < 0) {
      return msg('jenis-isi-akhiran', { format: format, ext: ext, exts: exts.join(' atau ') });
    }
    return null;
  }

  /**
   * What periksa's Pillow reads from an image's header (jdih.checks.media._inspect): {format, width, height,
   * size} from the bytes (magic number and the format's own size fields), or the Indonesian reason it is not
   * an image. Formats known here: JPEG (multi-picture ones included), PNG, GIF, WEBP, BMP, TIFF; the pixels are not decoded, so a
   * file damaged after its header passes here and fails periksa (MEDIA-RUSAK) after the save.
   */
  function inspectImage(bytes) {
    var b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    var dim = sniff(b);
    if (!dim) return msg('rusak-bukan-gambar', { error: 'UnidentifiedImageError' }); // what Pillow raises
    if (rules.periksa.maksPiksel && dim.width * dim.height > rules.periksa.maksPiksel) {
      return msg('rusak-besar', {});
    }
    return { format: dim.format, width: dim.width, height: dim.height, size: b.length };
  }

  function sniff(b) {
    var u16be = function (i) { return (b[i] << 8) | b[i + 1]; };
    var u16le = function (i) { return b[i] | (b[i + 1] << 8); };
    var u32be = function (i) { return ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]); };
    var u32le = function (i) { return ((b[i + 3] << 24) >>> 0) + ((b[i + 2] << 16) | (b[i + 1] << 8) | b[i]); };
    var ascii = function (i, n) { return String.fromCharCode.apply(null, Array.from(b.subarray(i, i + n))); };
    var ok = function (format, w, h) { return w > 0 && h > 0 ? { format: format, width: w, height: h } : null; };
    if (b.length >= 24 && ascii(0, 8) === '\x89PNG\r\n\x1a\n' && ascii(12, 4) === 'IHDR') {
      return ok('PNG', u32be(16), u32be(20));
    }
    if (b.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return ok('GIF', u16le(6), u16le(8));
    if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
      var kind = ascii(12, 4);
      if (kind === 'VP8 ') return ok('WEBP', u16le(26) & 0x3fff, u16le(28) & 0x3fff);
      if (kind === 'VP8L') {
        var width = 1 + (b[21] | ((b[22] & 0x3f) << 8));
        return ok('WEBP', width, 1 + ((b[22] >> 6) | (b[23] << 2) | ((b[24] & 0xf) << 10)));
      }
      if (kind === 'VP8X') {
        return ok('WEBP', 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), 1 + (b[27] | (b[28] << 8) | (b[29] << 16)));
      }
      return null;
    }
    if (b.length >= 26 && ascii(0, 2) === 'BM') {
      var header = u32le(14);
      if (header === 12) return ok('BMP', u16le(18), u16le(20));
      var h = u32le(22) | 0;
      return header >= 40 ? ok('BMP', u32le(18) | 0, Math.abs(h)) : null;
    }
    if (b.length >= 8 && (ascii(0, 4) === 'II*\x00' || ascii(0, 4) === 'MM\x00*')) return tiffSize(b);
    if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegSize(b, u16be);
    return null;
  }

  /**
   * A JPEG's size from its (last) start-of-frame, scanning the markers up to the image data as Pillow does.
   * A multi-picture JPEG (Pillow's "MPO": an APP2 "MPF" segment counting more than one image, as phone
   * cameras save) is a JPEG to periksa too (jdih.checks.media._format_name), so it is reported as JPEG.
   */
  function jpegSize(b, u16be) {
    var i = 2;
    var size = null;
    while (i + 3 < b.length) {
      if (b[i] !== 0xff) return null;
      var marker = b[i + 1];
      if (marker === 0xff) { i++; continue; } // fill byte
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) { i += 2; continue; } // no length
      if (marker === 0xda) break; // start of scan: the header is read
      var length = u16be(i + 2);
      var frame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (frame && i + 9 < b.length) {
        size = { width: u16be(i + 7), height: u16be(i + 5) };
      }
      i += 2 + length;
    }
    return size && size.width > 0 && size.height > 0
      ? { format: 'JPEG', width: size.width, height: size.height } : null;
  }

  /** The tags of a TIFF structure's first directory (tag -> its SHORT or LONG value). */
  function tiffTags(b) {
    var tags = {};
    if (b.length < 8) return tags;
    var little = b[0] === 0x49;
    var u16 = function (i) { return little ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1]; };
    var u32 = function (i) {
      return little ? ((b[i + 3] << 24) >>> 0) + ((b[i + 2] << 16) | (b[i + 1] << 8) | b[i])
        : ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
    };
    var ifd = u32(4);
    if (ifd + 2 > b.length) return tags;
    for (var k = 0, n = u16(ifd); k < n && ifd + 2 + 12 * (k + 1) <= b.length; k++) {
      var e = ifd + 2 + 12 * k;
      tags[u16(e)] = u16(e + 2) === 3 ? u16(e + 8) : u32(e + 8);
    }
    return tags;
  }

  function tiffSize(b) {
    var tags = tiffTags(b);
    return tags[256] > 0 && tags[257] > 0 ? { format: 'TIFF', width: tags[256], height: tags[257] } : null;
  }

  /** jdih.checks.media._platform_limits: type, size, ratio and dimensions of one image for one platform. */
  function platformLimits(p, info, name, n) {
    var out = [];
    var m = p.media || {};
    var who = msg('media-siapa', { platform: p.nama, n: n, name: name });
    var add = function (code, message, level) { out.push(finding(p, code, message, level)); };
    var formats = (m.format || []).map(function (x) { return String(x).toUpperCase(); });
    if ((m.maks_gambar === undefined ? 1 : parseInt(m.maks_gambar || 0, 10)) === 0) return out;
    if (formats.length && formats.indexOf(info.format.toUpperCase()) < 0) {
      add('MEDIA-FORMAT', msg('MEDIA-FORMAT', { who: who, format: info.format, formats: formats.join(', ') }));
    }
    if (m.maks_byte && info.size > parseInt(m.maks_byte, 10)) {
      add('MEDIA-UKURAN', msg('MEDIA-UKURAN', { who: who, size: megabytes(info.size),
        limit: megabytes(parseInt(m.maks_byte, 10)), why: m.dikompres ? msg('MEDIA-UKURAN-kompres', {}) : '' }),
      m.dikompres ? 'PERINGATAN' : 'GALAT');
    }
    var ratio = info.height ? info.width / info.height : 0;
    var lo = m.rasio_min;
    var hi = m.rasio_maks;
    var given = function (v) { return v !== undefined && v !== null; };
    if (given(lo)) {
      if (ratio < Number(lo) || (given(hi) && ratio > Number(hi))) {
        add('MEDIA-RASIO', given(hi)
          ? msg('MEDIA-RASIO-rentang', { who: who, width: info.width, height: info.height, ratio: pyFixed(ratio, 2),
            lo: pyFixed(Number(lo), 2), hi: pyFixed(Number(hi), 2) })
          : msg('MEDIA-RASIO-min', { who: who, ratio: pyFixed(ratio, 2), lo: pyFixed(Number(lo), 2) }));
      }
    } else if (given(hi)) {
      var stretch = Math.max(info.width, info.height) / Math.max(1, Math.min(info.width, info.height));
      if (stretch > Number(hi)) {
        add('MEDIA-RASIO', msg('MEDIA-RASIO-maks', { who: who, stretch: pyFixed(stretch, 1), hi: pyG(Number(hi)) }));
      }
    }
    if (m.lebar_min && info.width < parseInt(m.lebar_min, 10)) {
      add('MEDIA-DIMENSI', msg('MEDIA-DIMENSI-lebar', { who: who, width: info.width, limit: m.lebar_min }));
    }
    if (m.sisi_jumlah_maks && info.width + info.height > parseInt(m.sisi_jumlah_maks, 10)) {
      add('MEDIA-DIMENSI', msg('MEDIA-DIMENSI-sisi', { who: who, sum: info.width + info.height,
        limit: m.sisi_jumlah_maks }));
    }
    return out;
  }

  /**
   * jdih.checks.media.check_media. `images` maps each `berkas` to what inspectImage() said of its bytes
   * ({format, width, height, size} or a reason), or to null when the file does not exist; a name not in
   * `images` is still being read (its file checks wait; `pending` lists it).
   */
  function mediaFindings(data, images) {
    var out = [];
    var pending = [];
    var items = Array.isArray(data.media) ? data.media : [];
    var platforms = listedPlatforms(data);
    var required = contentRequired(statusOf(data));
    platforms.forEach(function (p) {
      var m = p.media || {};
      if (m.wajib && !items.length && required) {
        out.push(finding(p, 'MEDIA-WAJIB', msg('MEDIA-WAJIB', { platform: p.nama })));
      }
      var max = m.maks_gambar;
      if (items.length && max !== undefined && max !== null && items.length > parseInt(max, 10)) {
        var what = parseInt(max, 10) === 0 ? msg('MEDIA-JUMLAH-nol', {}) : msg('MEDIA-JUMLAH-maks', { limit: max });
        out.push(finding(p, 'MEDIA-JUMLAH', msg('MEDIA-JUMLAH', { platform: p.nama, what: what,
          count: items.length })));
      }
    });
    items.forEach(function (item, i) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return; // shape: periksa's schema check
      var n = i + 1;
      var name = item.berkas;
      var add = function (code, problem) {
        out.push(finding(null, code, msg(code, { n: n, name: name, problem: problem })));
      };
      var alt = item.alt;
      if (alt === null || alt === undefined || (isText(alt) && !strip(alt))) add('MEDIA-ALT');
      if (!isText(name)) return;
      var problem = pathProblem(name);
      if (problem) return add('MEDIA-JALUR', problem);
      problem = mediaTypeProblem(name, null);
      if (problem) return add('MEDIA-JENIS', problem);
      if (!Object.prototype.hasOwnProperty.call(images, name)) return pending.push(name);
      var info = images[name];
      if (info === null) return add('MEDIA-HILANG');
      if (isText(info)) return add('MEDIA-RUSAK', info);
      problem = mediaTypeProblem(name, info.format);
      if (problem) return add('MEDIA-JENIS', problem);
      platforms.forEach(function (p) { out.push.apply(out, platformLimits(p, info, name, n)); });
    });
    return { findings: out, pending: pending };
  }

  /** Every caption and media finding periksa reports for the form's data: {findings, pending}. */
  function check(data, images) {
    if (!rules) throw new Error('hitung-teks.js: configure() belum dipanggil (periksa)');
    var media = mediaFindings(data, images || {});
    return { findings: captionFindings(data).concat(media.findings), pending: media.pending };
  }

  root.JDIH_HITUNG = {
    configure: configure,
    textLength: textLength,
    limitOf: limitOf,
    composeCaption: composeCaption,
    measure: measure,
    postUrl: postUrl,
    xInvalidCharacters: xInvalidCharacters,
    check: check,
    inspectImage: inspectImage,
    utf8Length: utf8Length,
    strip: strip,
    // the character classes spelled after Python's, checked code point by code point by the tests
    classes: { space: SPACE, word: WORD, reWord: RE_WORD },
  };
})(typeof self !== 'undefined' ? self : globalThis);
