// Menyembunyikan tombol "Media" di kepala Decap: unggahan di sana langsung masuk ke main tanpa langkah
// SOP (meja kerja lokal menolaknya; di GitHub Decap akan meng-commit-nya langsung). Gambar diunggah dari
// isian Gambar di formulir konten, ke folder konten itu sendiri.
(function () {
  'use strict';
  function label() {
    var locale = window.JDIH_LOCALE_ID;
    return (locale && locale.app && locale.app.header && locale.app.header.media) || 'Media';
  }
  function hide() {
    var name = label();
    document.querySelectorAll('header button').forEach(function (b) {
      if (b.textContent.trim() === name && b.style.display !== 'none') b.style.display = 'none';
    });
  }
  new MutationObserver(hide).observe(document.documentElement, { childList: true, subtree: true });
})();
