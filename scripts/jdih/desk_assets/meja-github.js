// Meja kerja JDIH di GitHub (Decap CMS, backend GitHub): lokal bahasa Indonesia, format front matter
// milik proyek (format-konten.js), dan pratinjau per platform di peramban.
(function () {
  'use strict';

  // The post's id (<tahun>/<slug>) from the entry's path under the collection folder; '' for a new entry
  // (Decap names its file at the first save).
  function postId(settings, entry) {
    var path = entry.get('path') || '';
    var folder = (settings.decap.collections[0].folder || '').replace(/\/+$/, '') + '/';
    if (!path || path.indexOf(folder) !== 0) return '';
    return path.slice(folder.length).replace(/\/[^/]*$/, '');
  }

  function makePreview(settings) {
    var hitung = window.JDIH_HITUNG;
    return createClass({
      render: function () {
        var entry = this.props.entry;
        var getAsset = this.props.getAsset;
        var data = entry.get('data').toJS();
        var chosen = data.platform || [];
        var id = postId(settings, entry);
        // The caption counted as `jdih periksa`/`jdih pratinjau` count it (hitung-teks.js), with the site link
        // publishing appends when it still fits.
        var link = id ? hitung.postUrl(settings.situs, id) : '';
        var images = (data.media || []).filter(function (m) { return m && m.berkas; }).map(function (m, i) {
          var src = getAsset(m.berkas);
          return h('figure', { key: i },
            h('img', { src: src ? src.toString() : '', alt: m.alt || '' }),
            h('figcaption', null, m.alt ? 'Teks alternatif: ' + m.alt : 'Teks alternatif belum diisi'));
        });
        var cards = settings.platform.filter(function (p) { return chosen.indexOf(p.id) >= 0; }).map(function (p) {
          var m = hitung.measure(data, p, link);
          var over = m.limit && m.length > m.limit;
          var tooBig = m.maxBytes && m.bytes > m.maxBytes;
          var notes = [];
          if (over) notes.push(h('li', { key: 'p', className: 'galat' }, 'Melebihi batas ' + m.limit + ' ' + p.satuan +
            '; tulis teks khusus yang lebih pendek untuk ' + p.nama + '.'));
          if (tooBig) notes.push(h('li', { key: 'b', className: 'galat' }, 'Berukuran ' + m.bytes +
            ' bita UTF-8, melebihi batas ' + m.maxBytes + ' bita.'));
          if (m.invalid.length) notes.push(h('li', { key: 'k', className: 'galat' }, 'Memuat karakter yang ditolak ' +
            p.nama + ' (' + m.invalid.map(function (c) {
              return 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
            }).join(', ') + '); hapus karakter itu (sering terbawa saat menyalin dari pengolah kata).'));
          return h('section', { key: p.id, className: 'kartu' + (over || tooBig || m.invalid.length ? ' lewat' : ''),
            'data-platform': p.id },
            h('h3', null, p.nama),
            h('p', { className: 'hitung' }, h('span', { className: 'angka' }, String(m.length)), ' / ' + m.limit +
              ' ' + p.satuan + (over ? ' \u2014 melebihi batas' : '') + (m.maxBytes ? '; ' + m.bytes + ' / ' +
              m.maxBytes + ' bita' : '') + ' (sumber: ' + m.source + ')'),
            notes.length ? h('ul', { className: 'temuan' }, notes) : null,
            h('pre', null, m.text));
        });
        return h('div', { className: 'pratinjau' },
          h('h2', null, data.judul || ''),
          id ? null : h('p', { className: 'hitung' }, 'Tautan halaman situs ditambahkan ke teks setelah konten ' +
            'pertama kali disimpan; hitungan di bawah belum memuatnya.'),
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
      window.JDIH_HITUNG.configure(settings);
      CMS.registerCustomFormat('jdih-frontmatter', 'md', { fromFile: format.fromFile, toFile: format.toFile });
      window.JDIH_REGISTER_LOCALE(settings.kolom);
      CMS.registerPreviewTemplate(settings.koleksi, makePreview(settings));
      CMS.registerPreviewStyle('pratinjau.css');
      CMS.init({ config: settings.decap });
    });
})();
