"""The wording of ``jdih periksa``'s caption and media findings, in one place.

:mod:`.limits` and :mod:`.media` fill these templates with ``str.format``; the GitHub desk's browser
checker (``hitung-teks.js``) fills the same templates, delivered in its ``config.json``
(:mod:`.browser`), so the pane says exactly what ``periksa`` says. Placeholders are ``{name}`` only
(values come formatted: numbers as periksa prints them).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # checks.limits
    "TEKS-KOSONG": "{platform}: tidak ada teks maupun gambar untuk diunggah ({source} kosong)",
    "TEKS-KARAKTER": "{platform}: {source} memuat karakter yang ditolak platform ({chars}); "
    "hapus karakter itu (sering terbawa saat menyalin dari pengolah kata)",
    "TEKS-PANJANG": "{platform}: {source} sepanjang {length} {unit}, melebihi batas {limit}{why}",
    "TEKS-PANJANG-gambar": " (keterangan gambar)",
    "TEKS-BITA": "{platform}: {source} berukuran {size} bita UTF-8, melebihi batas {limit} bita",
    "TEKS-TAGAR": "{platform}: {source} memuat {count} tagar, melebihi batas {limit}",
    "TEKS-SEBUTAN": "{platform}: {source} menyebut {count} akun (@), melebihi batas {limit}",
    "TEKS-TAUTAN": "{platform}: {source} memuat {count} tautan, melebihi batas {limit}",
    # checks.media: the post's images
    "MEDIA-WAJIB": "{platform} membutuhkan minimal satu gambar, tetapi 'media' kosong",
    "MEDIA-JUMLAH": "{platform} {what}, tetapi ada {count}",
    "MEDIA-JUMLAH-nol": "tidak menerima gambar",
    "MEDIA-JUMLAH-maks": "menerima paling banyak {limit} gambar",
    "MEDIA-ALT": "media ke-{n} tidak memiliki teks alternatif ('alt') untuk pembaca layar",
    "MEDIA-JALUR": "media ke-{n}: {problem}",
    "MEDIA-JENIS": "media ke-{n} '{name}': {problem}",
    "MEDIA-HILANG": "media ke-{n}: berkas '{name}' tidak ada di folder konten",
    "MEDIA-RUSAK": "media ke-{n}: '{name}' {problem}",
    # checks.media: path_problem, media_type_problem, _inspect
    "jalur-kosong": "nama berkas kosong",
    "jalur-nul": "nama berkas memuat karakter NUL",
    "jalur-mutlak": "jalur mutlak '{name}' tidak boleh; tulis nama berkas relatif terhadap folder konten",
    "jalur-keluar": "jalur '{name}' keluar dari folder konten ('..' tidak boleh)",
    "jenis-akhiran": "{shown} tidak diizinkan; gunakan gambar {every}",
    "jenis-akhiran-ada": "akhiran '{ext}'",
    "jenis-akhiran-tidak-ada": "berkas tanpa akhiran",
    "jenis-isi": "isinya berformat {format}, yang tidak diizinkan; yang diizinkan: {allowed}",
    "jenis-isi-akhiran": "isinya berformat {format} tetapi berakhiran '{ext}'; ganti akhirannya menjadi {exts}",
    "rusak-besar": "gambar terlalu besar (dimensi melebihi batas aman Pillow)",
    "rusak-bukan-gambar": "bukan gambar yang dapat dibuka ({error})",
    # checks.media._platform_limits ({who}: "<platform>: media ke-<n> '<berkas>'")
    "media-siapa": "{platform}: media ke-{n} '{name}'",
    "MEDIA-FORMAT": "{who} berformat {format}, sedangkan yang diterima: {formats}",
    "MEDIA-UKURAN": "{who} berukuran {size}, melebihi batas {limit}{why}",
    "MEDIA-UKURAN-kompres": " (akan dikompres saat diunggah)",
    "MEDIA-RASIO-rentang": "{who} berasio {width}x{height} ({ratio}:1), di luar rentang {lo}:1 sampai {hi}:1",
    "MEDIA-RASIO-min": "{who} berasio {ratio}:1, kurang dari {lo}:1",
    "MEDIA-RASIO-maks": "{who} berasio {stretch}:1, melebihi batas {hi}:1",
    "MEDIA-DIMENSI-lebar": "{who} lebarnya {width} piksel, kurang dari minimum {limit} piksel",
    "MEDIA-DIMENSI-sisi": "{who} lebar + tinggi {sum} piksel, melebihi batas {limit} piksel",
    "media-mb": "{mb} MB",
}


def message(key: str, **values: object) -> str:
    """The template ``key`` filled with ``values``."""
    return MESSAGES[key].format(**values)
