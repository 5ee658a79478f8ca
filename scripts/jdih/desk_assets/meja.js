// Meja kerja JDIH di atas Decap CMS: lokal bahasa Indonesia, panel "Langkah SOP", pratinjau per
// platform (dihitung server dengan kode yang sama dengan `jdih periksa`/`jdih pratinjau`), token CSRF.
(function () {
  'use strict';
  var CSRF = document.querySelector('meta[name="jdih-csrf"]').getAttribute('content');
  var USER = window.JDIH_PENGGUNA;

  // -- Setiap panggilan ke /api/ membawa token CSRF; langkah yang mewajibkan alasan menanyakannya. --
  var realFetch = window.fetch.bind(window);
  function isApi(url) {
    var u = new URL(typeof url === 'string' ? url : url.url, window.location.href);
    return u.origin === window.location.origin && u.pathname.indexOf('/api/') === 0;
  }
  window.fetch = function (input, init) {
    if (!isApi(input)) return realFetch(input, init);
    init = Object.assign({}, init || {});
    var headers = new Headers(init.headers || {});
    headers.set('X-Jdih-Csrf', CSRF);
    init.headers = headers;
    init.credentials = 'same-origin';
    return realFetch(input, init).then(function (resp) {
      if (resp.ok) announceChange(init.body);
      if (resp.status !== 428 || typeof init.body !== 'string') return resp;
      // The server asks for the reason the SOP requires (tidak setuju, batal): ask, then send again.
      return resp.clone().json().then(function (answer) {
        var reason = window.prompt(answer.error || 'Alasan wajib diisi:');
        if (!reason || !reason.trim()) {
          return new Response(JSON.stringify({ error: 'Langkah tidak dijalankan: alasan tidak diisi.' }), {
            status: 422, headers: { 'Content-Type': 'application/json' },
          });
        }
        var body = JSON.parse(init.body);
        body.params = Object.assign({}, body.params || {}, { catatan: reason.trim() });
        return realFetch(input, Object.assign({}, init, { body: JSON.stringify(body) }));
      });
    });
  };

  // A save or a move made with Decap's own buttons changes the post's SOP state: the panel reloads.
  function announceChange(body) {
    if (typeof body !== 'string') return;
    try {
      var action = JSON.parse(body).action;
      if (/^(persistEntry|updateUnpublishedEntryStatus)$/.test(action)) {
        setTimeout(function () { window.dispatchEvent(new Event('jdih-berubah')); }, 0);
      }
    } catch (e) { /* not a protocol call */ }
  }

  function api(path, payload) {
    return window.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    }).then(function (resp) {
      return resp.json().then(function (data) {
        if (!resp.ok) throw new Error(data.error || 'Permintaan gagal.');
        return data;
      });
    });
  }

  // Decap's own "Log out" only forgets the user in this browser: end the server session too.
  setInterval(function () {
    if (!localStorage.getItem('decap-cms-user')) {
      var form = document.createElement('form');
      form.method = 'post';
      form.action = '/keluar';
      var t = document.createElement('input');
      t.type = 'hidden'; t.name = 'token'; t.value = CSRF;
      form.appendChild(t);
      document.body.appendChild(form);
      form.submit();
    }
  }, 1000);

  function formatTime(iso) {
    try {
      return new Date(iso).toLocaleString('id-ID', {
        timeZone: 'Asia/Jakarta', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
      }) + ' WIB';
    } catch (e) { return iso; }
  }

  function entrySlug(entry) {
    var slug = entry.get('slug');
    if (slug) return slug;
    var path = entry.get('path') || '';
    return path.replace(/^content\//, '').replace(/\.md$/, '');
  }

  // -- Panel "Langkah SOP": status, riwayat, dan langkah berikutnya bagi orang yang masuk. --
  var StepControl = createClass({
    getInitialState: function () {
      return { info: null, error: '', busy: false, note: '', done: '' };
    },
    componentDidMount: function () {
      this.onChange = this.load.bind(this);
      window.addEventListener('jdih-berubah', this.onChange);
      this.load();
    },
    componentWillUnmount: function () { window.removeEventListener('jdih-berubah', this.onChange); },
    isNew: function () { return !!this.props.entry.get('newRecord'); },
    load: function () {
      if (this.isNew()) return;
      var self = this;
      api('/api/meja/panel', { slug: entrySlug(this.props.entry) })
        .then(function (info) { self.setState({ info: info }); })
        .catch(function (e) { self.setState({ error: e.message }); });
    },
    newValue: function () {
      try { return JSON.parse(this.props.value || '{}'); } catch (e) { return {}; }
    },
    setNew: function (key, value) {
      var v = this.newValue();
      v[key] = value;
      this.props.onChange(JSON.stringify(v));
    },
    run: function (move) {
      var self = this;
      var note = this.state.note.trim();
      if (move.catatan_wajib && !note) {
        this.setState({ error: 'Alasan wajib diisi untuk langkah \u201c' + move.label + '\u201d.' });
        return;
      }
      this.setState({ busy: true, error: '', done: '' });
      api('/api/meja/langkah', { slug: entrySlug(this.props.entry), perintah: move.perintah, catatan: note })
        .then(function () {
          self.setState({ busy: false, done: 'Langkah tercatat. Memuat ulang papan...' });
          window.location.hash = '#/workflow';
          window.location.reload();
        })
        .catch(function (e) { self.setState({ busy: false, error: e.message }); });
    },
    renderNew: function () {
      var v = this.newValue();
      var self = this;
      return h('div', { className: 'jdih-langkah' },
        h('p', { className: 'jdih-langkah-status' }, 'Disposisi baru oleh ' + USER.nama +
          '. Menyimpan formulir ini mencatat langkah 1 SOP.'),
        h('label', { htmlFor: 'jdih-catatan-disposisi' }, 'Catatan disposisi'),
        h('textarea', {
          id: 'jdih-catatan-disposisi', rows: 2, value: v.catatan || '',
          onChange: function (e) { self.setNew('catatan', e.target.value); },
        }),
        h('label', { htmlFor: 'jdih-mulai' }, 'Permintaan/bahan diterima (WIB)'),
        h('input', {
          id: 'jdih-mulai', type: 'datetime-local', value: v.mulai || '',
          onChange: function (e) { self.setNew('mulai', e.target.value); },
        }));
    },
    render: function () {
      if (this.isNew()) return this.renderNew();
      var info = this.state.info;
      var self = this;
      if (!info) {
        return h('div', { className: 'jdih-langkah' }, this.state.error || 'Memuat langkah SOP...');
      }
      if (!info.ada) return h('div', { className: 'jdih-langkah' }, 'Konten ini belum tercatat di SOP.');
      var moves = info.langkah.map(function (m) {
        var text = (m.langkah ? 'Langkah ' + m.langkah + ': ' : '') + '\u2192 ' + m.label;
        return h('button', {
          key: m.perintah + m.ke, type: 'button', className: 'jdih-tombol', disabled: self.state.busy || !m.boleh,
          title: m.boleh ? '' : 'Hanya ' + m.peran,
          onClick: function () { self.run(m); },
        }, text + (m.boleh ? '' : ' (hanya ' + m.peran + ')'));
      });
      var history = info.riwayat.map(function (r, i) {
        return h('li', { key: i }, h('b', null, r.status), ' \u2014 ' + r.oleh + ', ' + formatTime(r.waktu) +
          (r.catatan ? ': \u201c' + r.catatan + '\u201d' : ''));
      });
      return h('div', { className: 'jdih-langkah' },
        h('p', { className: 'jdih-langkah-status' },
          'Status: ', h('b', null, info.label), info.pemegang ? ' \u00b7 dipegang ' + info.pemegang : ''),
        h('p', { className: 'jdih-langkah-ket' }, info.keterangan),
        info.dalam_alur ? h('div', null,
          h('label', { htmlFor: 'jdih-catatan-langkah' }, 'Catatan untuk riwayat (wajib bila tidak setuju/batal)'),
          h('textarea', {
            id: 'jdih-catatan-langkah', rows: 2, value: this.state.note,
            onChange: function (e) { self.setState({ note: e.target.value }); },
          }),
          h('p', { className: 'jdih-langkah-kecil' }, 'Simpan perubahan lebih dulu; langkah mencatat isi yang tersimpan.'),
          h('div', { className: 'jdih-tombol-baris' }, moves)) : null,
        this.state.error ? h('p', { className: 'jdih-galat', role: 'alert' }, this.state.error) : null,
        this.state.done ? h('p', { className: 'jdih-selesai' }, this.state.done) : null,
        h('details', null, h('summary', null, 'Riwayat (' + info.riwayat.length + ')'), h('ol', null, history)));
    },
  });
  var StepPreview = createClass({ render: function () { return h('span', null, ''); } });

  // -- Pratinjau per platform: teks persis seperti akan diunggah, dengan hitungan `jdih pratinjau`. --
  var Preview = createClass({
    getInitialState: function () { return { view: null, error: '' }; },
    componentDidMount: function () { this.schedule(); },
    componentDidUpdate: function (prev) { if (prev.entry !== this.props.entry) this.schedule(); },
    componentWillUnmount: function () { clearTimeout(this.timer); },
    schedule: function () {
      clearTimeout(this.timer);
      var self = this;
      this.timer = setTimeout(function () { self.refresh(); }, 500);
    },
    refresh: function () {
      var self = this;
      var entry = this.props.entry;
      var slug = entrySlug(entry) || (new Date().getFullYear() + '/konten-baru/index');
      var data = entry.get('data').toJS();
      var getAsset = this.props.getAsset;
      // Images picked but not saved yet travel with the request, so the media checks run before saving.
      var uploads = (data.media || []).map(function (m) {
        var asset = m && m.berkas ? getAsset(m.berkas) : null;
        if (!asset || !asset.fileObj) return Promise.resolve(null);
        return new Promise(function (resolve) {
          var reader = new FileReader();
          reader.onload = function () { resolve({ nama: m.berkas, isi: String(reader.result).split(',')[1] }); };
          reader.onerror = function () { resolve(null); };
          reader.readAsDataURL(asset.fileObj);
        });
      });
      Promise.all(uploads)
        .then(function (files) {
          return api('/api/meja/pratinjau', { slug: slug, data: data, unggahan: files.filter(Boolean) });
        })
        .then(function (view) { self.setState({ view: view, error: '' }); })
        .catch(function (e) { self.setState({ error: e.message }); });
    },
    render: function () {
      var view = this.state.view;
      var getAsset = this.props.getAsset;
      if (this.state.error) return h('div', { className: 'pratinjau' }, h('p', { className: 'galat' }, this.state.error));
      if (!view) return h('div', { className: 'pratinjau' }, 'Menghitung pratinjau...');
      var judul = this.props.entry.getIn(['data', 'judul']) || '';
      var images = view.gambar.map(function (g, i) {
        var src = getAsset(g.berkas);
        return h('figure', { key: i },
          h('img', { src: src ? src.toString() : '', alt: g.alt || '' }),
          h('figcaption', null, g.alt ? 'Teks alternatif: ' + g.alt : 'Teks alternatif belum diisi'));
      });
      var cards = view.platform.map(function (p) {
        return h('section', { key: p.platform, className: 'kartu' + (p.lewat ? ' lewat' : '') },
          h('h3', null, p.nama),
          h('p', { className: 'hitung' }, p.panjang + ' / ' + p.batas + ' ' + p.satuan +
            (p.lewat ? ' \u2014 melebihi batas' : '') + ' (sumber: ' + p.sumber + ')'),
          h('pre', null, p.teks));
      });
      var findings = view.temuan.map(function (f, i) {
        return h('li', { key: i, className: f.tingkat === 'GALAT' ? 'galat' : 'peringatan' },
          f.tingkat + ' ' + f.kode + ': ' + f.pesan);
      });
      return h('div', { className: 'pratinjau' },
        h('h2', null, judul),
        findings.length ? h('ul', { className: 'temuan' }, findings) : h('p', { className: 'beres' }, 'Pemeriksaan: tidak ada masalah.'),
        images.length ? h('div', { className: 'gambar' }, images) : null,
        cards);
    },
  });

  CMS.registerWidget('jdih-langkah', StepControl, StepPreview);
  CMS.registerPreviewTemplate('konten', Preview);
  CMS.registerPreviewStyle('/admin/pratinjau.css');

  realFetch('/admin/config.json', { credentials: 'same-origin' })
    .then(function (resp) {
      if (resp.status === 401) { window.location.href = '/masuk?lanjut=/admin/'; return null; }
      return resp.json();
    })
    .then(function (config) {
      if (!config) return;
      window.JDIH_REGISTER_LOCALE(config.kolom);
      CMS.init({ config: config.decap });
    });
})();
