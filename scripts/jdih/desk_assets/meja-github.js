// Meja kerja JDIH di GitHub (Decap CMS, backend GitHub): lokal bahasa Indonesia, format front matter
// milik proyek (format-konten.js), dan pratinjau per platform di peramban.
(function () {
  'use strict';

  // Length as most platforms count it (code points). X weighs some characters double and the exact
  // count comes from `jdih pratinjau` and the pull request comment; this is the editor's estimate.
  function length(text) { return Array.from(text || '').length; }

  function makePreview(settings) {
    return createClass({
      render: function () {
        var entry = this.props.entry;
        var getAsset = this.props.getAsset;
        var data = entry.get('data').toJS();
        var teks = data.teks || {};
        var chosen = data.platform || [];
        var body = data.body || '';
        var images = (data.media || []).filter(function (m) { return m && m.berkas; }).map(function (m, i) {
          var src = getAsset(m.berkas);
          return h('figure', { key: i },
            h('img', { src: src ? src.toString() : '', alt: m.alt || '' }),
            h('figcaption', null, m.alt ? 'Teks alternatif: ' + m.alt : 'Teks alternatif belum diisi'));
        });
        var cards = settings.platform.filter(function (p) { return chosen.indexOf(p.id) >= 0; }).map(function (p) {
          var own = teks[p.id] && String(teks[p.id]).trim();
          var text = own ? String(teks[p.id]) : body;
          var n = length(text);
          var over = p.batas && n > p.batas;
          return h('section', { key: p.id, className: 'kartu' + (over ? ' lewat' : '') },
            h('h3', null, p.nama),
            h('p', { className: 'hitung' }, n + ' / ' + p.batas + ' karakter (perkiraan)' +
              (over ? ' \u2014 melebihi batas' : '') + ' (sumber: ' + (own ? 'teks khusus' : 'isi') + ')'),
            h('pre', null, text));
        });
        return h('div', { className: 'pratinjau' },
          h('h2', null, data.judul || ''),
          h('p', { className: 'hitung' }, 'Hitungan pasti dan pemeriksaan lengkap ada di komentar pull request ' +
            '(jdih pratinjau).'),
          images.length ? h('div', { className: 'gambar' }, images) : null,
          cards);
      },
    });
  }

  // Decap mounts itself into <body>: wait for it (the scripts run in <head>).
  var domReady = new Promise(function (resolve) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', resolve);
    else resolve();
  });
  Promise.all([fetch('config.json', { credentials: 'same-origin' }).then(function (resp) { return resp.json(); }),
    domReady])
    .then(function (both) {
      var settings = both[0];
      var format = window.JDIH_FORMAT;
      format.configure(settings.format);
      CMS.registerCustomFormat('jdih-frontmatter', 'md', { fromFile: format.fromFile, toFile: format.toFile });
      window.JDIH_REGISTER_LOCALE(settings.kolom);
      CMS.registerPreviewTemplate(settings.koleksi, makePreview(settings));
      CMS.registerPreviewStyle('pratinjau.css');
      CMS.init({ config: settings.decap });
    });
})();
