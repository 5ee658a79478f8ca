// Dijalankan sebelum Decap (meja kerja di GitHub): konfigurasi dibuat dari sop/ saat situs dibangun
// (admin/config.json), jadi Decap diinisialisasi manual oleh meja-github.js.
window.CMS_MANUAL_INIT = true;
