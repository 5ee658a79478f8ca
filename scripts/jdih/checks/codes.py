"""Every finding code of ``jdih periksa``, its usual level and meaning (Indonesian).

Codes are stable: CI scripts and people search for them. A test keeps this table and the
codes used in the checks in step; the README's table is printed from it.
"""

from __future__ import annotations

CODES: dict[str, tuple[str, str]] = {
    "BERKAS-FORMAT": ("GALAT", "berkas tidak terbaca sebagai front matter + Markdown: kosong, biner, bukan UTF-8, "
                               "tanpa blok '---', YAML rusak, nilai bertanda (!!int, !!timestamp, ...) yang tidak "
                               "sah, atau front matter bukan pemetaan"),
    "LOKASI": ("PERINGATAN", "konten tidak berada di content/<tahun>/<slug>/index.md"),
    "LOKASI-SLUG": ("PERINGATAN", "nama folder konten bukan huruf kecil, angka dan tanda hubung"),
    "SKEMA-WAJIB": ("GALAT", "kunci wajib (judul, status, kategori, platform, riwayat) tidak ada atau kosong"),
    "SKEMA-KUNCI": ("PERINGATAN", "kunci tidak dikenal (salah ketik?) di tingkat atas, media atau dokumen_hukum"),
    "SKEMA-TIPE": ("GALAT", "jenis nilai salah (mis. daftar padahal harus teks)"),
    "SKEMA-STATUS": ("GALAT", "status tidak ada di sop/alur.yml (pada `status` atau entri riwayat)"),
    "SKEMA-KATEGORI": ("GALAT", "kategori tidak ada di sop/alur.yml"),
    "SKEMA-PLATFORM": ("GALAT", "platform tidak ada di sop/platform.yml"),
    "SKEMA-PLATFORM-GANDA": ("PERINGATAN", "platform disebut lebih dari sekali"),
    "SKEMA-WAKTU": ("GALAT", "jadwal, tenggat, waktu atau mulai bukan waktu ISO 8601 dengan zona waktu"),
    "SKEMA-MEDIA": ("GALAT", "media bukan daftar {berkas, alt} atau tanpa berkas"),
    "SKEMA-DOKUMEN": ("GALAT", "dokumen_hukum tidak lengkap/tidak sah (jenis, nomor, tahun, judul, tautan)"),
    "SKEMA-TEKS": ("GALAT", "teks khusus untuk platform yang tidak ada di daftar platform"),
    "SKEMA-RIWAYAT": ("GALAT", "entri riwayat bukan pemetaan atau tanpa status/oleh/waktu"),
    "SKEMA-ORANG": ("GALAT", "`oleh` tidak terdaftar di sop/peran.yml"),
    "RIWAYAT-TRANSISI": ("GALAT", "perpindahan status yang tidak diizinkan SOP (mis. draf → disetujui)"),
    "RIWAYAT-PERAN": ("GALAT", "langkah dilakukan orang yang tidak memegang peran yang berwenang"),
    "RIWAYAT-URUTAN": ("GALAT", "waktu riwayat tidak naik (harus urut dari yang terlama)"),
    "RIWAYAT-MASA-DEPAN": ("GALAT", "waktu riwayat ada di masa depan"),
    "RIWAYAT-MULAI": ("GALAT", "`mulai` sebuah entri sesudah `waktu`-nya"),
    "RIWAYAT-STATUS": ("GALAT", "`status` tidak sama dengan status entri riwayat terakhir"),
    "RIWAYAT-JADWAL": ("PERINGATAN", "diterbitkan sebelum `jadwal`"),
    "TAUTAN-DINI": ("GALAT", "`tautan` ada padahal konten belum diterbitkan"),
    "TAUTAN-KURANG": ("GALAT", "konten sudah terbit tetapi tautan sebuah platform belum ada"),
    "TAUTAN-URL": ("GALAT", "tautan bukan alamat http(s)"),
    "TAUTAN-PLATFORM": ("GALAT", "tautan untuk platform yang tidak ada di daftar platform"),
    "NORMA-LEWAT": ("PERINGATAN", "sebuah langkah SOP memakan waktu kerja melebihi normanya"),
    "NORMA-TERLAMBAT": ("PERINGATAN", "langkah yang sedang berjalan sudah melewati normanya"),
    "TEKS-PANJANG": ("GALAT", "keterangan melebihi batas panjang platform (cara hitung platform itu)"),
    "TEKS-BITA": ("GALAT", "keterangan melebihi batas ukuran bita UTF-8 (Bluesky)"),
    "TEKS-KARAKTER": ("GALAT", "keterangan memuat karakter yang ditolak platform (X: U+FFFE, U+FEFF, U+FFFF)"),
    "TEKS-TAGAR": ("GALAT", "terlalu banyak tagar (Instagram)"),
    "TEKS-SEBUTAN": ("GALAT", "terlalu banyak sebutan @akun (Instagram)"),
    "TEKS-TAUTAN": ("GALAT", "terlalu banyak tautan (Threads)"),
    "TEKS-KOSONG": ("GALAT", "tidak ada keterangan maupun gambar untuk diunggah"),
    "MEDIA-WAJIB": ("GALAT", "platform mewajibkan gambar (Instagram) tetapi media kosong"),
    "MEDIA-JUMLAH": ("GALAT", "jumlah gambar melebihi batas platform"),
    "MEDIA-ALT": ("GALAT", "gambar tanpa teks alternatif"),
    "MEDIA-JALUR": ("GALAT", "jalur mutlak, '..', atau tautan simbolik ke luar folder konten"),
    "MEDIA-HILANG": ("GALAT", "berkas media tidak ada atau bukan berkas biasa"),
    "MEDIA-RUSAK": ("GALAT", "berkas media bukan gambar yang dapat dibuka"),
    "MEDIA-JENIS": ("GALAT", "isi atau akhiran berkas media di luar daftar izin (jenis_media di sop/platform.yml)"),
    "MEDIA-FORMAT": ("GALAT", "format gambar tidak diterima platform"),
    "MEDIA-UKURAN": ("GALAT", "ukuran berkas melebihi batas platform (PERINGATAN bila platform dikompres "
                              "otomatis saat unggah)"),
    "MEDIA-RASIO": ("GALAT", "rasio lebar:tinggi di luar batas platform"),
    "MEDIA-DIMENSI": ("GALAT", "lebar atau lebar+tinggi di luar batas platform"),
    "PERIKSA-INTERNAL": ("GALAT", "pemeriksa sendiri gagal (bug): laporkan ke pengembang"),
}


def markdown_table() -> str:
    """The codes as a Markdown table (for the README)."""
    rows = ["| Kode | Tingkat | Arti |", "| --- | --- | --- |"]
    rows += [f"| `{k}` | {lvl} | {desc} |" for k, (lvl, desc) in CODES.items()]
    return "\n".join(rows)
