// Caption counting and composition for the GitHub-mode desk, rule for rule what `jdih periksa` and
// `jdih pratinjau` do in Python (jdih.checks.limits, jdih.publishing.caption, jdih.preview): the rules
// and limits come from sop/platform.yml through config.json, never from this file.
// tests/desk/test_github_counts.py runs this file in node and in Chromium against the Python counters.
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

  /** Settings from config.json (page_settings): `emojiX`, the checker's X emoji expression. */
  function configure(settings) {
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

  root.JDIH_HITUNG = {
    configure: configure,
    textLength: textLength,
    limitOf: limitOf,
    composeCaption: composeCaption,
    measure: measure,
    postUrl: postUrl,
    xInvalidCharacters: xInvalidCharacters,
    utf8Length: utf8Length,
    strip: strip,
    // the character classes spelled after Python's, checked code point by code point by the tests
    classes: { space: SPACE, word: WORD },
  };
})(typeof self !== 'undefined' ? self : globalThis);
