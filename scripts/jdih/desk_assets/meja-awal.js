// Dijalankan sebelum Decap: inisialisasi manual (konfigurasi dibuat dari sop/ oleh server) dan
// pengguna yang sudah masuk lewat /masuk, sehingga layar masuk Decap (berbahasa Inggris) tidak tampil.
window.CMS_MANUAL_INIT = true;
(function () {
  var meta = document.querySelector('meta[name="jdih-pengguna"]');
  var user = JSON.parse(meta.getAttribute('content'));
  window.JDIH_PENGGUNA = user;
  localStorage.setItem('decap-cms-user', JSON.stringify({ backendName: 'proxy', login: user.id, name: user.nama }));
})();
// Decap shows a refused request as "API_ERROR: <pesan>" (String(error)); the server's message is already
// the Indonesian explanation, so only the message is shown.
(function () {
  var toString = Error.prototype.toString;
  Error.prototype.toString = function () {
    return this && this.name === 'API_ERROR' ? String(this.message) : toString.call(this);
  };
})();
