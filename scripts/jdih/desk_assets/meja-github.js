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

  // What each media file's bytes said (hitung-teks.js inspectImage), read once per file: an upload not yet
  // saved and a file of the repository (Decap fetches its blob) alike. Keyed by the File Decap holds, else by
  // the asset's address (Decap may hand out a new AssetProxy for the same file on each render).
  var byFile = new WeakMap();
  var byUrl = new Map();

  /** The asset's bytes read and inspected: undefined while Decap or this page is still reading them. */
  function imageOf(asset, hitung, done) {
    // Decap answers with a placeholder ("empty.svg") while it loads a file, and with an empty File when the
    // file could not be loaded (not in the folder).
    if (!asset || asset.path === 'empty.svg') return undefined;
    var file = asset.fileObj;
    var url = asset.toString();
    var known = file ? byFile.get(file) : byUrl.get(url);
    if (known) return known.result;
    var reading = { result: undefined };
    if (file) byFile.set(file, reading);
    else byUrl.set(url, reading);
    var bytes = file && file.size ? file.arrayBuffer() : file ? Promise.resolve(null)
      : fetch(url).then(function (resp) { return resp.ok ? resp.arrayBuffer() : null; });
    bytes.then(function (buffer) {
      reading.result = buffer ? hitung.inspectImage(new Uint8Array(buffer)) : null;
    }, function () { reading.result = null; }).then(done);
    return undefined;
  }

  /** A file size for people: "12 KB", "5,5 MB". */
  function sizeText(bytes) {
    if (bytes < 1000000) return Math.max(1, Math.round(bytes / 1000)) + ' KB';
    return (bytes / 1000000).toFixed(1).replace('.', ',') + ' MB';
  }

  function findingItem(f, i) {
    return h('li', { key: i, className: f.level === 'GALAT' ? 'galat' : 'peringatan', 'data-kode': f.code },
      h('b', null, f.code), ' ' + f.message);
  }

  function makePreview(settings) {
    var hitung = window.JDIH_HITUNG;
    return createClass({
      componentWillUnmount: function () { this.gone = true; },
      render: function () {
        var self = this;
        var entry = this.props.entry;
        var getAsset = this.props.getAsset;
        var data = entry.get('data').toJS();
        var chosen = data.platform || [];
        var id = postId(settings, entry);
        // The caption counted as `jdih periksa`/`jdih pratinjau` count it (hitung-teks.js), with the site link
        // publishing appends when it still fits.
        var link = id ? hitung.postUrl(settings.situs, id) : '';
        var media = Array.isArray(data.media) ? data.media : [];
        var images = {};
        media.forEach(function (m) {
          if (!m || typeof m.berkas !== 'string' || !m.berkas || images[m.berkas] !== undefined) return;
          var info = imageOf(getAsset(m.berkas), hitung, function () { if (!self.gone) self.forceUpdate(); });
          if (info !== undefined) images[m.berkas] = info;
        });
        // The findings `jdih periksa` reports for this caption and these images, before anything is saved.
        var checked = hitung.check(data, images);
        var general = checked.findings.filter(function (f) { return !f.platform; });
        // Decap may not render the pane again when a file it was loading arrives: look again shortly.
        if (checked.pending.length && !this.again) {
          this.again = setTimeout(function () { self.again = null; if (!self.gone) self.forceUpdate(); }, 500);
        }
        var figures = media.filter(function (m) { return m && typeof m.berkas === 'string' && m.berkas; })
          .map(function (m, i) {
            var src = getAsset(m.berkas);
            var info = images[m.berkas];
            var read = info && typeof info === 'object' ? info : null;
            return h('figure', { key: i, 'data-berkas': m.berkas, 'data-format': read ? read.format : '',
              'data-lebar': read ? read.width : '', 'data-tinggi': read ? read.height : '',
              'data-bita': read ? read.size : '' },
            h('img', { src: src ? src.toString() : '', alt: m.alt || '' }),
            h('figcaption', null, m.alt ? 'Teks alternatif: ' + m.alt : 'Teks alternatif belum diisi',
              read ? h('span', { className: 'ukuran' }, read.format + ', ' + read.width + ' \u00d7 ' + read.height +
                ' piksel, ' + sizeText(read.size)) : null));
          });
        var cards = settings.platform.filter(function (p) { return chosen.indexOf(p.id) >= 0; }).map(function (p) {
          var m = hitung.measure(data, p, link);
          var own = checked.findings.filter(function (f) { return f.platform === p.id; });
          var over = m.limit && m.length > m.limit;
          var bad = own.some(function (f) { return f.level === 'GALAT'; });
          return h('section', { key: p.id, className: 'kartu' + (over || bad ? ' lewat' : ''), 'data-platform': p.id },
            h('h3', null, p.nama),
            h('p', { className: 'hitung' }, h('span', { className: 'angka' }, String(m.length)), ' / ' + m.limit +
              ' ' + p.satuan + (over ? ' \u2014 melebihi batas' : '') + (m.maxBytes ? '; ' + m.bytes + ' / ' +
              m.maxBytes + ' bita' : '') + ' (sumber: ' + m.source + ')'),
            own.length ? h('ul', { className: 'temuan' }, own.map(findingItem))
              : h('p', { className: 'beres' }, 'Tidak ada temuan pemeriksaan untuk ' + p.nama + '.'),
            h('pre', null, m.text));
        });
        return h('div', { className: 'pratinjau' },
          h('h2', null, data.judul || ''),
          id ? null : h('p', { className: 'hitung' }, 'Tautan halaman situs ditambahkan ke teks setelah konten ' +
            'pertama kali disimpan; hitungan di bawah belum memuatnya.'),
          figures.length ? h('div', { className: 'gambar' }, figures) : null,
          general.length || checked.pending.length ? h('section', {
            className: 'kartu' + (general.length ? ' lewat' : ''), 'data-periksa': 'media' },
            h('h3', null, 'Pemeriksaan gambar'),
            checked.pending.length ? h('p', { className: 'hitung' }, 'Membaca berkas: ' + checked.pending.join(', ') +
              '\u2026') : null,
            general.length ? h('ul', { className: 'temuan' }, general.map(findingItem)) : null) : null,
          cards);
      },
    });
  }

  // Decap mounts itself into <body>: wait for it (the scripts run in <head>).
  var domReady = new Promise(function (resolve) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', resolve);
    else resolve();
  });
  // config.json as tolak-langkah.js already fetched it (one download), or fetched here.
  var settingsAnswer = window.JDIH_SETTINGS || fetch('config.json', { credentials: 'same-origin' })
    .then(function (resp) { return resp.json(); });
  Promise.all([settingsAnswer,
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
