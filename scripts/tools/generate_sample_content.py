# ruff: noqa: E501
"""Regenerate the sample posts in ``content/`` deterministically.

The sample posts are the site's first content and the fixtures several checks and reports are
tried on. Every history entry is made through :func:`jdih.workflow.apply_transition`, so each
step is one the SOP allows, by a person holding the right role, at strictly increasing times.
Step durations are given in office working minutes and turned into timestamps with the office
calendar, so they land in office hours (WIB) and skip weekends and public holidays.

Usage (from the repository root)::

    .venv/bin/python scripts/tools/generate_sample_content.py [--root .] [--bersihkan]

``--bersihkan`` first removes the sample posts this script owns (only their folders).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

from jdih.links import post_url
from jdih.post import load_posts, write_post
from jdih.project import Project, read_site_url
from jdih.workflow import apply_transition

WIB = ZoneInfo("Asia/Jakarta")
FOOTER = "JDIH KPU Kab. Kotawaringin Timur"
ACCOUNT = "jdihkpukotim"
# Nothing in the sample history may be newer than this (the samples must read as past events).
LATEST = datetime(2026, 11, 21, 0, 0, tzinfo=WIB)

RED = (179, 0, 27)
DARK_RED = (122, 0, 18)
INK = (34, 34, 34)
GREY = (110, 110, 110)
PALE = (250, 236, 238)


def wib(y: int, mo: int, d: int, h: int, mi: int, s: int = 0) -> datetime:
    """A WIB datetime."""
    return datetime(y, mo, d, h, mi, s, tzinfo=WIB)


# ---------------------------------------------------------------------------------------------
# data shapes


@dataclass
class Gambar:
    """One generated infographic."""

    berkas: str
    alt: str
    judul: str
    poin: list[str]
    label: str = ""
    sumber: str = ""
    ukuran: tuple[int, int] = (1080, 1350)


@dataclass
class Langkah:
    """One SOP step: the state entered, who, and either working minutes after the previous step or a time."""

    ke: str
    oleh: str
    setelah: float | datetime
    catatan: str | None = None


@dataclass
class Contoh:
    """A sample post."""

    tahun: int
    slug: str
    judul: str
    kategori: str
    platform: list[str]
    mulai: datetime  # time of the disposisi
    langkah: list[Langkah]
    isi: str
    ringkas: str = ""  # short caption for X, Threads, Bluesky, Mastodon
    seri: str | None = None
    tag: list[str] = field(default_factory=list)
    gambar: list[Gambar] = field(default_factory=list)
    dokumen_hukum: dict[str, Any] | None = None
    jadwal: datetime | None = None
    teks: dict[str, str] = field(default_factory=dict)  # explicit overrides beyond the derived ones
    diterima: float | None = None  # minutes between receiving the request and the disposisi (step 1)


def normal(
    staf: str = "siti",
    pengelola: str = "dwi",
    menit: tuple[float, float, float, float, float, float] = (210, 25, 22, 7, 6, 5),
    sampai: str = "diumumkan",
    catatan: dict[str, str] | None = None,
) -> list[Langkah]:
    """The straight path disposisi → ... → ``sampai`` with working minutes per step."""
    editor = "siti" if staf == pengelola or pengelola == "rizky" else staf
    notes = {
        "draf": "Bahan dihimpun dan arahan konsep diberikan kepada pengelola.",
        "sunting": "Draf caption dan infografis diserahkan untuk disunting.",
        "persetujuan": "Hasil suntingan diserahkan kepada Kasubbag.",
        "disetujui": "Setuju, silakan diunggah.",
        "diunggah": "Diunggah ke seluruh platform yang direncanakan.",
        "diumumkan": "Tautan hasil unggah disampaikan ke grup WhatsApp KPU Kabupaten Kotawaringin Timur.",
    }
    notes.update(catatan or {})
    order = [("draf", staf), ("sunting", pengelola), ("persetujuan", editor), ("disetujui", "rahmat"),
             ("diunggah", pengelola), ("diumumkan", pengelola)]
    out = []
    for (ke, oleh), m in zip(order, menit, strict=True):
        out.append(Langkah(ke, oleh, m, notes.get(ke)))
        if ke == sampai:
            break
    return out


def djh(jenis: str, nomor: str, tahun: int, judul: str) -> dict[str, Any]:
    """JDIHN metadata of a legal product, with a jdih.kpu.go.id style link."""
    jenis_slug = re.sub(r"[^a-z0-9]+", "-", jenis.lower()).strip("-")
    nomor_slug = re.sub(r"[^a-z0-9]+", "-", nomor.lower()).strip("-")
    return {
        "jenis": jenis,
        "nomor": nomor,
        "tahun": tahun,
        "judul": judul,
        "tautan": f"https://jdih.kpu.go.id/peraturan/{jenis_slug}-nomor-{nomor_slug}-tahun-{tahun}",
    }


# ---------------------------------------------------------------------------------------------
# the sample posts

UU7 = djh("Undang-Undang", "7", 2017, "Pemilihan Umum")
UU10 = djh(
    "Undang-Undang", "10", 2016,
    "Perubahan Kedua atas Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti "
    "Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan Walikota Menjadi Undang-Undang",
)
PERPRES33 = djh("Peraturan Presiden", "33", 2012, "Jaringan Dokumentasi dan Informasi Hukum Nasional")
PERMEN8 = djh("Peraturan Menteri Hukum dan Hak Asasi Manusia", "8", 2019,
              "Standar Pengelolaan Dokumen dan Informasi Hukum")
PKPU2_2024 = djh(
    "Peraturan Komisi Pemilihan Umum", "2", 2024,
    "Tahapan dan Jadwal Pemilihan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan "
    "Wakil Wali Kota Tahun 2024",
)
PKPU8_2024 = djh(
    "Peraturan Komisi Pemilihan Umum", "8", 2024,
    "Pencalonan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota",
)
PKPU8_2019 = djh(
    "Peraturan Komisi Pemilihan Umum", "8", 2019,
    "Tata Kerja Komisi Pemilihan Umum, Komisi Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum Kabupaten/Kota",
)
KPT10_2022 = djh(
    "Keputusan Komisi Pemilihan Umum", "10/HK.04/08/2022", 2022,
    "Pedoman Teknis Pengelolaan Dokumentasi dan Informasi Hukum di Lingkungan Komisi Pemilihan Umum, Komisi "
    "Pemilihan Umum Provinsi dan Komisi Pemilihan Umum Kabupaten/Kota",
)
UU14 = djh("Undang-Undang", "14", 2008, "Keterbukaan Informasi Publik")


SAMPLES: list[Contoh] = [
    Contoh(
        2025, "pojok-jdih-mengenal-jdihn",
        "Pojok JDIH: Mengenal JDIHN dan Perpres Nomor 33 Tahun 2012",
        "rutin-edukasi", ["instagram", "facebook", "x", "telegram"],
        wib(2025, 1, 14, 8, 5), normal(), diterima=6, seri="Pojok JDIH",
        tag=["jdihn", "perpres", "dokumentasi-hukum"], dokumen_hukum=PERPRES33,
        isi="""Sahabat Pemilih, pernahkah kamu mencari sebuah peraturan lalu bingung harus mulai dari mana? Di sinilah JDIH berperan.

JDIH adalah singkatan dari Jaringan Dokumentasi dan Informasi Hukum. Dasar hukumnya adalah Peraturan Presiden Nomor 33 Tahun 2012 tentang Jaringan Dokumentasi dan Informasi Hukum Nasional (JDIHN). JDIHN menjadi wadah pendayagunaan bersama dokumen hukum secara tertib, terpadu, dan berkesinambungan, sekaligus sarana pelayanan informasi hukum yang lengkap, akurat, mudah, dan cepat.

KPU Kabupaten Kotawaringin Timur adalah bagian dari jaringan ini. Melalui JDIH, masyarakat dapat menemukan undang-undang, Peraturan KPU, Keputusan KPU, dan produk hukum lain yang berkaitan dengan pemilu dan pemilihan.

Ikuti rubrik Pojok JDIH setiap bulan untuk mengenal satu produk hukum dengan bahasa yang sederhana.

#JDIHKPU #KPUKotim #MelekHukum""",
        ringkas="Pojok JDIH: JDIH adalah Jaringan Dokumentasi dan Informasi Hukum, berdasar Perpres Nomor 33 Tahun 2012. Lewat JDIH, masyarakat dapat menemukan undang-undang, PKPU, dan Keputusan KPU dengan mudah.",
        gambar=[Gambar("infografis-jdihn.jpg",
                       "Infografis Pojok JDIH: JDIHN berdasarkan Perpres Nomor 33 Tahun 2012, wadah dokumen hukum yang tertib, terpadu, dan berkesinambungan",
                       "Mengenal JDIHN", [
                           "Jaringan Dokumentasi dan Informasi Hukum Nasional",
                           "Dasar hukum: Perpres Nomor 33 Tahun 2012",
                           "Dokumen hukum tertib, terpadu, dan berkesinambungan",
                           "Layanan informasi hukum lengkap, akurat, mudah, dan cepat",
                       ], label="POJOK JDIH", sumber="Sumber: Perpres Nomor 33 Tahun 2012")],
    ),
    Contoh(
        2025, "istilah-pemilu-dpt",
        "Istilah Pemilu: Daftar Pemilih Tetap (DPT)",
        "rutin-edukasi", ["instagram", "facebook", "x", "threads"],
        wib(2025, 2, 11, 9, 10), normal(staf="rizky", pengelola="dwi", menit=(180, 28, 20, 6, 5, 4)),
        diterima=5, seri="Istilah Pemilu", tag=["dpt", "pemilih", "uu-7-2017"], dokumen_hukum=UU7,
        isi="""Istilah Pemilu kali ini: DPT atau Daftar Pemilih Tetap.

DPT adalah daftar pemilih yang telah ditetapkan oleh KPU dan menjadi dasar bagi pemilih untuk menggunakan hak pilihnya di Tempat Pemungutan Suara (TPS). Menurut Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum, pemilih adalah Warga Negara Indonesia yang sudah genap berumur 17 tahun atau lebih, sudah kawin, atau sudah pernah kawin.

Selain DPT, ada juga Daftar Pemilih Tambahan (DPTb) untuk pemilih yang pindah memilih, dan Daftar Pemilih Khusus (DPK) untuk pemilih yang memenuhi syarat tetapi belum terdaftar.

Pastikan namamu terdaftar dan datamu benar. Bila ada yang keliru, sampaikan kepada petugas atau kantor KPU terdekat.

#IstilahPemilu #JDIHKPU #KPUKotim""",
        ringkas="Istilah Pemilu: DPT (Daftar Pemilih Tetap) adalah daftar pemilih yang ditetapkan KPU dan menjadi dasar memilih di TPS. Ada juga DPTb untuk pemilih pindahan dan DPK untuk yang belum terdaftar.",
        gambar=[Gambar("infografis-dpt.jpg",
                       "Infografis Istilah Pemilu: DPT, DPTb, dan DPK beserta pengertiannya",
                       "DPT: Daftar Pemilih Tetap", [
                           "DPT: daftar pemilih yang ditetapkan KPU",
                           "DPTb: pemilih yang pindah memilih",
                           "DPK: pemilih memenuhi syarat yang belum terdaftar",
                           "Pemilih: WNI berumur 17 tahun, sudah kawin, atau pernah kawin",
                       ], label="ISTILAH PEMILU", sumber="Sumber: UU Nomor 7 Tahun 2017")],
    ),
    Contoh(
        2025, "tahukah-kamu-uu-7-2017",
        "Tahukah Kamu? UU Pemilu Menyatukan Tiga Undang-Undang",
        "rutin-edukasi", ["instagram", "facebook", "x", "bluesky"],
        wib(2025, 4, 15, 8, 20),
        normal(menit=(610, 27, 25, 8, 6, 5),
               catatan={"draf": "Bahan terlambat: menunggu salinan naskah resmi dari laman JDIH KPU."}),
        diterima=9, seri="Tahukah Kamu", tag=["uu-7-2017", "sejarah-hukum"], dokumen_hukum=UU7,
        isi="""Tahukah kamu? Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum lahir dengan menyatukan tiga undang-undang sekaligus.

Sebelumnya, aturan pemilu tersebar di Undang-Undang Nomor 42 Tahun 2008 tentang Pemilihan Umum Presiden dan Wakil Presiden, Undang-Undang Nomor 15 Tahun 2011 tentang Penyelenggara Pemilihan Umum, dan Undang-Undang Nomor 8 Tahun 2012 tentang Pemilihan Umum Anggota DPR, DPD, dan DPRD. Ketiganya dinyatakan tidak berlaku dan digantikan oleh satu undang-undang.

Hasilnya, pemilihan anggota DPR, DPD, Presiden dan Wakil Presiden, serta anggota DPRD kini diatur dalam satu naskah, termasuk kedudukan KPU, Bawaslu, dan DKPP sebagai penyelenggara pemilu.

Naskah lengkapnya dapat kamu baca di laman JDIH KPU.

#TahukahKamu #JDIHKPU #KPUKotim""",
        ringkas="Tahukah kamu? UU Nomor 7 Tahun 2017 tentang Pemilihan Umum menggantikan tiga undang-undang: UU 42/2008, UU 15/2011, dan UU 8/2012. Kini aturan pemilu ada dalam satu naskah.",
        gambar=[Gambar("infografis-uu-7-2017.jpg",
                       "Infografis Tahukah Kamu: UU Nomor 7 Tahun 2017 menggantikan UU 42/2008, UU 15/2011, dan UU 8/2012",
                       "Satu UU Pemilu, Tiga UU Digantikan", [
                           "UU 42/2008: Pemilu Presiden dan Wakil Presiden",
                           "UU 15/2011: Penyelenggara Pemilu",
                           "UU 8/2012: Pemilu Anggota DPR, DPD, dan DPRD",
                           "Kini: UU Nomor 7 Tahun 2017 tentang Pemilihan Umum",
                       ], label="TAHUKAH KAMU?", sumber="Sumber: UU Nomor 7 Tahun 2017")],
    ),
    Contoh(
        2025, "hari-lahir-pancasila-2025",
        "Selamat Hari Lahir Pancasila 1 Juni 2025",
        "peringatan-hari-penting", ["instagram", "facebook", "x"],
        wib(2025, 5, 26, 8, 10),
        [*normal(menit=(300, 28, 25, 8, 0, 0), sampai="disetujui"),
         Langkah("diunggah", "dwi", wib(2025, 6, 1, 7, 0, 40), "Diunggah sesuai jadwal."),
         Langkah("diumumkan", "dwi", wib(2025, 6, 2, 7, 42), "Tautan disampaikan ke grup WhatsApp pada hari kerja berikutnya.")],
        jadwal=wib(2025, 6, 1, 7, 0), tag=["pancasila", "hari-nasional"],
        isi="""Selamat Hari Lahir Pancasila, 1 Juni 2025.

Pancasila adalah dasar negara dan pandangan hidup bangsa Indonesia. Nilai-nilainya, mulai dari Ketuhanan Yang Maha Esa hingga keadilan sosial bagi seluruh rakyat Indonesia, menjadi pedoman dalam kehidupan berbangsa, termasuk dalam berdemokrasi.

Dalam penyelenggaraan pemilu, semangat Pancasila hadir dalam musyawarah, penghormatan pada perbedaan pilihan, dan kesediaan menerima hasil yang ditetapkan secara jujur dan adil. Pemilu yang langsung, umum, bebas, rahasia, jujur, dan adil adalah wujud kedaulatan rakyat.

Mari jaga persatuan, hormati perbedaan, dan terus belajar tentang aturan main demokrasi kita bersama JDIH KPU Kabupaten Kotawaringin Timur.

#HariLahirPancasila #KPUKotim #JDIHKPU""",
        ringkas="Selamat Hari Lahir Pancasila, 1 Juni 2025. Semangat Pancasila hadir dalam pemilu yang langsung, umum, bebas, rahasia, jujur, dan adil. Mari jaga persatuan dan hormati perbedaan pilihan.",
        gambar=[Gambar("ucapan-hari-lahir-pancasila.jpg",
                       "Kartu ucapan Selamat Hari Lahir Pancasila 1 Juni 2025 dari JDIH KPU Kabupaten Kotawaringin Timur",
                       "Selamat Hari Lahir Pancasila", [
                           "1 Juni 2025",
                           "Pancasila dasar negara dan pandangan hidup bangsa",
                           "Jaga persatuan, hormati perbedaan pilihan",
                       ], label="PERINGATAN HARI PENTING", ukuran=(1080, 1080))],
    ),
    Contoh(
        2025, "sosialisasi-jdih-pelajar-sampit",
        "Sosialisasi JDIH kepada Pelajar di Sampit",
        "berita-kegiatan", ["instagram", "facebook", "x", "telegram"],
        wib(2025, 9, 9, 13, 15),
        [Langkah("draf", "siti", 150, "Bahan: foto dan notulen kegiatan; arahan: tonjolkan cara mengakses JDIH."),
         Langkah("sunting", "dwi", 26, "Draf berita kegiatan diserahkan."),
         Langkah("persetujuan", "siti", 24, "Disunting: ejaan dan susunan paragraf."),
         Langkah("perbaikan", "rahmat", 9, "Sebutkan dasar hukum JDIHN dan jangan menampilkan wajah peserta di bawah umur."),
         Langkah("sunting", "dwi", 42, "Diperbaiki: paragraf dasar hukum ditambahkan, infografis diganti tanpa foto."),
         Langkah("persetujuan", "siti", 15, "Hasil perbaikan diserahkan kembali."),
         Langkah("disetujui", "rahmat", 6, "Setuju, unggah."),
         Langkah("diunggah", "dwi", 7, "Diunggah ke empat platform."),
         Langkah("diumumkan", "dwi", 5, "Tautan disampaikan ke grup WhatsApp.")],
        diterima=4, tag=["sosialisasi", "pelajar", "sampit"],
        isi="""JDIH KPU Kabupaten Kotawaringin Timur menggelar sosialisasi Jaringan Dokumentasi dan Informasi Hukum (JDIH) kepada pelajar di Sampit.

Kegiatan ini memperkenalkan JDIH sebagai sumber resmi peraturan perundang-undangan kepemiluan. Peserta diajak mengenal dasar hukumnya, yaitu Peraturan Presiden Nomor 33 Tahun 2012 tentang Jaringan Dokumentasi dan Informasi Hukum Nasional, lalu mempraktikkan cara mencari Peraturan KPU dan Keputusan KPU melalui laman JDIH.

Materi juga membahas pentingnya memeriksa sumber sebelum membagikan informasi tentang pemilu. Dengan membaca naskah aslinya, pemilih muda dapat terhindar dari kabar bohong.

Terima kasih kepada pihak sekolah dan para pelajar yang telah berpartisipasi. Sampai jumpa di kegiatan sosialisasi berikutnya.

#JDIHKPU #KPUKotim #Sampit #PemilihMuda""",
        ringkas="JDIH KPU Kabupaten Kotawaringin Timur menggelar sosialisasi JDIH kepada pelajar di Sampit: mengenal Perpres 33/2012 dan praktik mencari Peraturan KPU di laman JDIH.",
        gambar=[Gambar("berita-sosialisasi-sampit.jpg",
                       "Infografis berita kegiatan: sosialisasi JDIH kepada pelajar di Sampit, materi dasar hukum JDIHN dan cara mencari peraturan",
                       "Sosialisasi JDIH kepada Pelajar di Sampit", [
                           "Mengenal JDIH sebagai sumber resmi peraturan",
                           "Dasar hukum: Perpres Nomor 33 Tahun 2012",
                           "Praktik mencari PKPU dan Keputusan KPU",
                           "Cek sumber sebelum berbagi informasi pemilu",
                       ], label="BERITA KEGIATAN")],
    ),
    Contoh(
        2025, "hari-sumpah-pemuda-2025",
        "Selamat Hari Sumpah Pemuda 28 Oktober 2025",
        "peringatan-hari-penting", ["instagram", "facebook", "x", "threads"],
        wib(2025, 10, 23, 9, 0),
        [*normal(staf="rizky", menit=(260, 24, 21, 7, 0, 0), sampai="disetujui"),
         Langkah("diunggah", "dwi", wib(2025, 10, 28, 8, 1), "Diunggah sesuai jadwal."),
         Langkah("diumumkan", "dwi", wib(2025, 10, 28, 8, 9), "Tautan disampaikan ke grup WhatsApp.")],
        jadwal=wib(2025, 10, 28, 8, 0), tag=["sumpah-pemuda", "pemilih-muda", "hari-nasional"],
        isi="""Selamat Hari Sumpah Pemuda, 28 Oktober 2025.

Pada 28 Oktober 1928, para pemuda dari berbagai daerah berikrar satu tanah air, satu bangsa, dan menjunjung bahasa persatuan, bahasa Indonesia. Semangat itu lahir dari kesadaran bahwa perbedaan bukan penghalang untuk bersatu.

Hari ini, pemuda memegang peran penting dalam demokrasi. Pemilih muda adalah bagian besar dari pemilih di Indonesia. Suara dan partisipasi mereka menentukan arah pembangunan daerah dan bangsa.

Jadilah pemilih muda yang cerdas: kenali aturannya, periksa kebenaran informasi, dan gunakan hak pilihmu dengan bertanggung jawab. Aturan lengkapnya dapat kamu pelajari di JDIH KPU.

#SumpahPemuda #PemilihMuda #KPUKotim #JDIHKPU""",
        ringkas="Selamat Hari Sumpah Pemuda, 28 Oktober 2025. Semangat satu tanah air, satu bangsa, dan satu bahasa persatuan hidup dalam pemilih muda yang cerdas: kenali aturannya dan gunakan hak pilihmu.",
        gambar=[Gambar("ucapan-sumpah-pemuda.jpg",
                       "Kartu ucapan Selamat Hari Sumpah Pemuda 28 Oktober 2025 dengan ajakan menjadi pemilih muda yang cerdas",
                       "Selamat Hari Sumpah Pemuda", [
                           "28 Oktober 2025",
                           "Satu tanah air, satu bangsa, satu bahasa persatuan",
                           "Pemilih muda: kenali aturannya, periksa informasinya",
                       ], label="PERINGATAN HARI PENTING", ukuran=(1080, 1080))],
    ),
    Contoh(
        2025, "mengenal-pkpu-2-2024-tahapan-jadwal-pemilihan",
        "Mengenal PKPU Nomor 2 Tahun 2024 tentang Tahapan dan Jadwal Pemilihan 2024",
        "rutin-edukasi", ["instagram", "facebook", "x", "threads", "mastodon"],
        wib(2025, 11, 18, 8, 0), normal(staf="siti", pengelola="rizky", menit=(240, 29, 26, 9, 8, 6)),
        diterima=7, seri="Pojok JDIH", tag=["pkpu", "tahapan", "pemilihan-2024"], dokumen_hukum=PKPU2_2024,
        isi="""Pojok JDIH edisi November mengajak Sahabat Pemilih mengenal Peraturan Komisi Pemilihan Umum (PKPU) Nomor 2 Tahun 2024.

PKPU ini mengatur tahapan dan jadwal Pemilihan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota Tahun 2024. Tahapannya dibagi menjadi tahapan persiapan dan tahapan penyelenggaraan, mulai dari perencanaan program dan anggaran, pemutakhiran data pemilih, pendaftaran pasangan calon, kampanye, hingga pemungutan dan penghitungan suara serta penetapan calon terpilih.

Salah satu tanggal pentingnya adalah hari pemungutan suara serentak pada 27 November 2024, sesuai amanat Undang-Undang Nomor 10 Tahun 2016 yang menetapkan pemungutan suara serentak nasional pada bulan November 2024.

Naskah lengkap PKPU ini tersedia di laman JDIH KPU.

#PojokJDIH #PKPU #JDIHKPU #KPUKotim""",
        ringkas="Pojok JDIH: PKPU Nomor 2 Tahun 2024 mengatur tahapan dan jadwal Pemilihan Gubernur, Bupati, dan Wali Kota 2024, dari perencanaan hingga penetapan calon terpilih. Pemungutan suara: 27 November 2024.",
        gambar=[Gambar("infografis-pkpu-2-2024-1.jpg",
                       "Infografis PKPU Nomor 2 Tahun 2024: tahapan persiapan dan tahapan penyelenggaraan Pemilihan 2024",
                       "PKPU Nomor 2 Tahun 2024", [
                           "Tahapan dan Jadwal Pemilihan Gubernur, Bupati, dan Wali Kota 2024",
                           "Tahapan persiapan: perencanaan program dan anggaran",
                           "Tahapan penyelenggaraan: data pemilih, pencalonan, kampanye",
                           "Pemungutan suara serentak: 27 November 2024",
                       ], label="POJOK JDIH", sumber="Sumber: PKPU Nomor 2 Tahun 2024"),
                Gambar("infografis-pkpu-2-2024-2.jpg",
                       "Infografis lanjutan: hari pemungutan suara serentak 27 November 2024 berdasarkan UU Nomor 10 Tahun 2016",
                       "Kenapa 27 November 2024?", [
                           "UU Nomor 10 Tahun 2016 mengamanatkan pemungutan suara serentak nasional pada November 2024",
                           "PKPU Nomor 2 Tahun 2024 menetapkan tanggalnya",
                           "Baca naskah lengkap di laman JDIH KPU",
                       ], label="POJOK JDIH", sumber="Sumber: UU 10/2016 dan PKPU 2/2024")],
    ),
    Contoh(
        2025, "evaluasi-sop-media-sosial-semester-ii-2025",
        "Evaluasi SOP Pengelolaan Media Sosial JDIH Semester II 2025",
        "berita-kegiatan", ["facebook", "x", "telegram"],
        wib(2025, 12, 16, 8, 30), normal(staf="siti", pengelola="rizky", menit=(200, 24, 20, 8, 6, 5)),
        diterima=5, tag=["evaluasi", "sop", "buku-agenda"],
        isi="""Sub Bagian Hukum dan SDM KPU Kabupaten Kotawaringin Timur melaksanakan evaluasi Standar Operasional Prosedur Nomor 03 Tahun 2022 tentang Pengelolaan Media Sosial JDIH untuk semester II tahun 2025.

SOP ini mengamanatkan review atau evaluasi secara rutin paling sedikit dua kali setahun. Evaluasi membahas waktu pelaksanaan setiap langkah dibandingkan dengan normanya, yaitu 1 hari 95 menit untuk seluruh alur, mulai dari disposisi, penyusunan dan penyuntingan draf, persetujuan, sampai pengunggahan dan penyampaian tautan ke grup WhatsApp kantor.

Evaluasi juga meninjau keseimbangan kategori konten rutin dan sewaktu-waktu, serta kelengkapan pencatatan dalam Buku Agenda. Sesuai SOP, seluruh catatan disimpan dalam bentuk naskah asli hardcopy dan naskah asli elektronik.

Hasil evaluasi menjadi bahan perbaikan pengelolaan media sosial JDIH pada tahun 2026.

#JDIHKPU #KPUKotim #EvaluasiSOP""",
        ringkas="Sub Bagian Hukum dan SDM KPU Kabupaten Kotawaringin Timur mengevaluasi SOP 03/2022 Pengelolaan Media Sosial JDIH semester II 2025: waktu tiap langkah terhadap norma 1 hari 95 menit.",
        gambar=[Gambar("berita-evaluasi-sop.jpg",
                       "Infografis berita kegiatan: evaluasi SOP 03/2022 semester II 2025, meninjau waktu norma, kategori konten, dan Buku Agenda",
                       "Evaluasi SOP Media Sosial JDIH", [
                           "Semester II Tahun 2025",
                           "Waktu tiap langkah terhadap norma 1 hari 95 menit",
                           "Kategori konten dan kelengkapan Buku Agenda",
                       ], label="BERITA KEGIATAN", ukuran=(1080, 1080))],
    ),
    Contoh(
        2026, "hari-lahir-pancasila-2026",
        "Selamat Hari Lahir Pancasila 1 Juni 2026",
        "peringatan-hari-penting", ["instagram", "facebook", "x", "mastodon", "telegram"],
        wib(2026, 5, 25, 9, 0),
        [*normal(staf="rizky", pengelola="dwi", menit=(320, 26, 24, 9, 0, 0), sampai="disetujui"),
         Langkah("diunggah", "dwi", wib(2026, 6, 1, 7, 0, 30), "Diunggah sesuai jadwal."),
         Langkah("diumumkan", "dwi", wib(2026, 6, 2, 7, 38), "Tautan disampaikan ke grup WhatsApp pada hari kerja berikutnya.")],
        jadwal=wib(2026, 6, 1, 7, 0), tag=["pancasila", "hari-nasional"],
        isi="""Selamat Hari Lahir Pancasila, 1 Juni 2026.

Lima sila Pancasila adalah kesepakatan bersama para pendiri bangsa yang terus menjadi pegangan kita hingga hari ini. Sila keempat, kerakyatan yang dipimpin oleh hikmat kebijaksanaan dalam permusyawaratan/perwakilan, menjadi akar dari kehidupan demokrasi Indonesia.

Pemilu dan pemilihan adalah sarana kedaulatan rakyat. Melalui pemilu, rakyat memilih wakil dan pemimpinnya secara langsung, umum, bebas, rahasia, jujur, dan adil. Agar sarana ini berjalan baik, setiap warga perlu memahami aturan mainnya.

JDIH KPU Kabupaten Kotawaringin Timur mengajak Sahabat Pemilih untuk mengamalkan Pancasila dengan menjaga persatuan dan menjadi pemilih yang cerdas.

#HariLahirPancasila #KPUKotim #JDIHKPU""",
        ringkas="Selamat Hari Lahir Pancasila, 1 Juni 2026. Sila keempat menjadi akar demokrasi kita; pemilu adalah sarana kedaulatan rakyat. Mari jaga persatuan dan jadilah pemilih yang cerdas.",
        gambar=[Gambar("ucapan-hari-lahir-pancasila-2026.jpg",
                       "Kartu ucapan Selamat Hari Lahir Pancasila 1 Juni 2026: sila keempat sebagai akar demokrasi",
                       "Selamat Hari Lahir Pancasila", [
                           "1 Juni 2026",
                           "Sila keempat: akar demokrasi Indonesia",
                           "Jaga persatuan, jadilah pemilih yang cerdas",
                       ], label="PERINGATAN HARI PENTING", ukuran=(1080, 1080))],
    ),
    Contoh(
        2026, "jdih-hadir-di-bluesky-dan-mastodon",
        "JDIH KPU Kotawaringin Timur Kini Hadir di Bluesky, Mastodon, dan Threads",
        "pengumuman", ["instagram", "facebook", "x", "threads", "bluesky", "mastodon", "telegram"],
        wib(2026, 1, 13, 8, 15),
        normal(staf="rizky", pengelola="dwi", menit=(200, 22, 20, 95, 12, 6),
               catatan={"disetujui": "Setuju. Maaf terlambat, tadi mengikuti rapat pleno."}),
        diterima=5, tag=["pengumuman", "media-sosial"],
        isi="""Pengumuman untuk Sahabat Pemilih di Kabupaten Kotawaringin Timur.

Mulai Januari 2026, informasi JDIH KPU Kabupaten Kotawaringin Timur juga dapat diikuti melalui Bluesky, Mastodon, dan Threads, selain Instagram, Facebook, X, dan kanal Telegram yang sudah ada.

Di semua akun tersebut kami membagikan konten edukasi seri Istilah Pemilu, Tahukah Kamu, dan Pojok JDIH, pengumuman resmi, berita kegiatan, serta peringatan hari penting. Setiap unggahan juga diarsipkan di situs JDIH Medsos kami, sehingga mudah dicari kembali kapan saja.

Cari akun resmi kami dengan nama jdihkpukotim dan pastikan kamu mengikuti akun yang benar. Waspadai akun tiruan yang mengatasnamakan KPU.

#JDIHKPU #KPUKotim #Pengumuman""",
        ringkas="Pengumuman: JDIH KPU Kabupaten Kotawaringin Timur kini hadir juga di Bluesky, Mastodon, dan Threads. Cari akun resmi jdihkpukotim dan waspadai akun tiruan.",
        gambar=[Gambar("pengumuman-akun-baru.jpg",
                       "Pengumuman: JDIH KPU Kabupaten Kotawaringin Timur hadir di Bluesky, Mastodon, dan Threads dengan nama akun jdihkpukotim",
                       "Kami Hadir di Platform Baru", [
                           "Bluesky, Mastodon, dan Threads",
                           "Juga di Instagram, Facebook, X, dan Telegram",
                           "Nama akun resmi: jdihkpukotim",
                           "Waspadai akun tiruan",
                       ], label="PENGUMUMAN", ukuran=(1080, 1080))],
    ),
    Contoh(
        2026, "istilah-pemilu-pemilihan-serentak",
        "Istilah Pemilu: Pemilihan Serentak",
        "rutin-edukasi", ["instagram", "facebook", "x"],
        wib(2026, 2, 10, 9, 5), normal(menit=(230, 25, 24, 8, 6, 4)),
        diterima=6, seri="Istilah Pemilu", tag=["pilkada", "uu-10-2016", "pemilihan-serentak"], dokumen_hukum=UU10,
        isi="""Istilah Pemilu kali ini: Pemilihan Serentak.

Dalam peraturan kepemiluan, kata "Pemilihan" merujuk pada pemilihan gubernur dan wakil gubernur, bupati dan wakil bupati, serta wali kota dan wakil wali kota. Dasar hukumnya adalah Undang-Undang Nomor 1 Tahun 2015 sebagaimana telah diubah terakhir dengan Undang-Undang Nomor 10 Tahun 2016.

Pemilihan serentak berarti pemungutan suara untuk kepala daerah dilaksanakan pada hari yang sama di banyak daerah. Undang-Undang Nomor 10 Tahun 2016 mengamanatkan pemungutan suara serentak nasional di seluruh wilayah Indonesia pada November 2024, dan KPU menetapkan hari pemungutan suaranya pada 27 November 2024.

Jadi, Pemilu memilih anggota DPR, DPD, DPRD, serta Presiden dan Wakil Presiden, sedangkan Pemilihan memilih kepala daerah.

#IstilahPemilu #Pilkada #JDIHKPU #KPUKotim""",
        ringkas="Istilah Pemilu: Pemilihan Serentak, pemungutan suara kepala daerah pada hari yang sama di banyak daerah. UU 10/2016 mengamanatkan pemilihan serentak nasional pada November 2024.",
        gambar=[Gambar("infografis-pemilihan-serentak.jpg",
                       "Infografis Istilah Pemilu: perbedaan Pemilu dan Pemilihan serta pemilihan serentak nasional November 2024",
                       "Pemilihan Serentak", [
                           "Pemilihan: memilih gubernur, bupati, dan wali kota",
                           "Dasar: UU 1/2015 diubah terakhir dengan UU 10/2016",
                           "Serentak nasional: November 2024",
                           "Pemilu: DPR, DPD, DPRD, Presiden dan Wakil Presiden",
                       ], label="ISTILAH PEMILU", sumber="Sumber: UU Nomor 10 Tahun 2016")],
    ),
    Contoh(
        2026, "pemilih-pemula-kenali-hak-pilihmu",
        "Materi Penyuluhan: Pemilih Pemula, Kenali Hak Pilihmu",
        "materi-penyuluhan", ["instagram", "facebook", "x", "threads"],
        wib(2026, 5, 11, 8, 30),
        normal(staf="siti", pengelola="rizky", menit=(280, 27, 55, 9, 7, 5),
               catatan={"persetujuan": "Penyuntingan lebih lama: dua slide infografis diperiksa ulang terhadap naskah UU."}),
        diterima=8, tag=["pemilih-pemula", "hak-pilih", "uu-7-2017"], dokumen_hukum=UU7,
        isi="""Materi penyuluhan untuk pemilih pemula: kenali hak pilihmu.

Menurut Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum, Warga Negara Indonesia yang pada hari pemungutan suara sudah genap berumur 17 tahun atau lebih, sudah kawin, atau sudah pernah kawin mempunyai hak memilih. Untuk dapat menggunakan hak tersebut, pemilih harus terdaftar dalam daftar pemilih.

Beberapa langkah yang dapat kamu lakukan:
1. Pastikan data kependudukanmu sudah benar.
2. Periksa apakah namamu sudah terdaftar sebagai pemilih.
3. Kenali peserta pemilu dan program-programnya dari sumber resmi.
4. Datang ke TPS pada hari pemungutan suara dan gunakan hak pilihmu.

Materi ini boleh digunakan oleh sekolah dan komunitas untuk kegiatan pendidikan pemilih. Geser untuk melihat infografis selengkapnya.

#PemilihPemula #JDIHKPU #KPUKotim""",
        ringkas="Pemilih pemula, kenali hak pilihmu: WNI yang pada hari pemungutan suara sudah genap 17 tahun, sudah kawin, atau pernah kawin punya hak memilih. Pastikan kamu terdaftar sebagai pemilih.",
        gambar=[Gambar("penyuluhan-pemilih-pemula-1.jpg",
                       "Infografis materi penyuluhan: syarat hak memilih menurut UU Nomor 7 Tahun 2017",
                       "Pemilih Pemula: Kenali Hak Pilihmu", [
                           "WNI genap 17 tahun pada hari pemungutan suara",
                           "atau sudah kawin, atau sudah pernah kawin",
                           "Harus terdaftar dalam daftar pemilih",
                       ], label="MATERI PENYULUHAN", sumber="Sumber: UU Nomor 7 Tahun 2017"),
                Gambar("penyuluhan-pemilih-pemula-2.jpg",
                       "Infografis materi penyuluhan: empat langkah bagi pemilih pemula sebelum hari pemungutan suara",
                       "Empat Langkah Pemilih Pemula", [
                           "1. Pastikan data kependudukan benar",
                           "2. Periksa namamu di daftar pemilih",
                           "3. Kenali peserta dari sumber resmi",
                           "4. Datang ke TPS dan gunakan hak pilihmu",
                       ], label="MATERI PENYULUHAN")],
    ),
    Contoh(
        2026, "tahukah-kamu-kategori-konten-jdih",
        "Tahukah Kamu? Konten Media Sosial JDIH Punya Kategori",
        "rutin-non-edukasi", ["instagram", "facebook", "x"],
        wib(2026, 8, 11, 8, 40), normal(staf="rizky", menit=(190, 26, 23, 7, 6, 6)),
        diterima=5, seri="Tahukah Kamu", tag=["keputusan-kpu", "media-sosial", "jdih"], dokumen_hukum=KPT10_2022,
        isi="""Tahukah kamu? Konten yang kami unggah di media sosial JDIH tidak dibuat asal-asalan, melainkan mengikuti pedoman.

Keputusan KPU Nomor 10/HK.04/08/2022 tentang Pedoman Teknis Pengelolaan Dokumentasi dan Informasi Hukum di Lingkungan KPU, KPU Provinsi, dan KPU Kabupaten/Kota menjadi acuan pengelolaan JDIH, termasuk penyebarluasan informasi hukum melalui media sosial.

Konten kami terbagi menjadi dua kelompok. Konten rutin berisi edukasi, seperti seri Istilah Pemilu dan Pojok JDIH, serta konten non-edukasi. Konten sewaktu-waktu berisi pengumuman, berita kegiatan, materi penyuluhan, dan peringatan hari penting.

Setiap konten melewati alur SOP: disposisi, penyusunan draf, penyuntingan, persetujuan, lalu diunggah dan tautannya disampaikan ke grup kantor.

#TahukahKamu #JDIHKPU #KPUKotim""",
        ringkas="Tahukah kamu? Konten media sosial JDIH mengikuti Keputusan KPU 10/HK.04/08/2022: konten rutin (edukasi, non-edukasi) dan sewaktu-waktu (pengumuman, berita, penyuluhan, hari penting).",
        gambar=[Gambar("infografis-kategori-konten.jpg",
                       "Infografis kategori konten media sosial JDIH: rutin edukasi dan non-edukasi; sewaktu-waktu pengumuman, berita kegiatan, materi penyuluhan, peringatan hari penting",
                       "Kategori Konten Media Sosial JDIH", [
                           "Rutin: edukasi dan non-edukasi",
                           "Sewaktu-waktu: pengumuman dan berita kegiatan",
                           "Sewaktu-waktu: materi penyuluhan dan hari penting",
                           "Semua melewati alur SOP 03/2022",
                       ], label="TAHUKAH KAMU?", sumber="Sumber: Keputusan KPU Nomor 10/HK.04/08/2022")],
    ),
    Contoh(
        2026, "hari-sumpah-pemuda-2026",
        "Selamat Hari Sumpah Pemuda 28 Oktober 2026",
        "peringatan-hari-penting", ["instagram", "facebook", "x", "threads", "bluesky"],
        wib(2026, 10, 22, 8, 45),
        [*normal(staf="siti", pengelola="rizky", menit=(250, 25, 22, 8, 0, 0), sampai="disetujui"),
         Langkah("diunggah", "rizky", wib(2026, 10, 28, 8, 2), "Diunggah sesuai jadwal."),
         Langkah("diumumkan", "rizky", wib(2026, 10, 28, 10, 20),
                 "Tautan terlambat disampaikan: pengelola bertugas di acara upacara peringatan.")],
        jadwal=wib(2026, 10, 28, 8, 0), tag=["sumpah-pemuda", "pemilih-muda", "hari-nasional"],
        isi="""Selamat Hari Sumpah Pemuda ke-98, 28 Oktober 2026.

Sumpah Pemuda mengingatkan kita bahwa persatuan lahir dari kesediaan untuk saling mendengar. Pada 1928, pemuda dari berbagai latar belakang bersepakat menjadi satu bangsa tanpa harus menghapus perbedaan di antara mereka.

Dalam demokrasi, semangat yang sama tampak ketika kita berbeda pilihan namun tetap saling menghormati. Pemuda dapat mengambil peran sebagai pemilih yang cerdas, relawan demokrasi, atau penyebar informasi yang benar di lingkungannya.

Mulailah dari hal sederhana: baca aturan dari sumber resmi seperti JDIH KPU, ajak teman memeriksa kebenaran kabar sebelum membagikannya, dan jaga suasana yang damai.

#SumpahPemuda #PemudaBersatu #KPUKotim #JDIHKPU""",
        ringkas="Selamat Hari Sumpah Pemuda ke-98, 28 Oktober 2026. Berbeda pilihan tetap satu bangsa. Jadilah pemilih muda yang cerdas: baca aturan dari sumber resmi dan periksa kabar sebelum berbagi.",
        gambar=[Gambar("ucapan-sumpah-pemuda-2026.jpg",
                       "Kartu ucapan Selamat Hari Sumpah Pemuda ke-98, 28 Oktober 2026: berbeda pilihan tetap satu bangsa",
                       "Selamat Hari Sumpah Pemuda ke-98", [
                           "28 Oktober 2026",
                           "Berbeda pilihan, tetap satu bangsa",
                           "Baca aturan dari sumber resmi",
                       ], label="PERINGATAN HARI PENTING", ukuran=(1080, 1080))],
    ),
    Contoh(
        2026, "mengenal-pkpu-8-2024-pencalonan-pemilihan",
        "Mengenal PKPU Nomor 8 Tahun 2024 tentang Pencalonan dalam Pemilihan",
        "rutin-edukasi", ["instagram", "facebook", "x", "threads", "bluesky"],
        wib(2026, 11, 19, 13, 0),
        normal(staf="siti", pengelola="dwi", menit=(400, 28, 25, 8, 9, 0), sampai="diunggah",
               catatan={"diunggah": "Diunggah ke lima platform; tautan belum disampaikan ke grup WhatsApp."}),
        diterima=6, seri="Pojok JDIH", tag=["pkpu", "pencalonan", "pemilihan"], dokumen_hukum=PKPU8_2024,
        isi="""Pojok JDIH kali ini membahas Peraturan Komisi Pemilihan Umum (PKPU) Nomor 8 Tahun 2024 tentang Pencalonan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota.

PKPU ini menjadi pedoman teknis tahapan pencalonan dalam Pemilihan, antara lain persyaratan calon, pengajuan pasangan calon oleh partai politik atau gabungan partai politik, persyaratan dukungan bagi pasangan calon perseorangan, pendaftaran, penelitian persyaratan administrasi, hingga penetapan pasangan calon.

Karena pernah diubah, bacalah PKPU ini bersama perubahannya agar ketentuan yang kamu pahami adalah ketentuan yang berlaku. Naskah PKPU beserta perubahannya tersedia di laman JDIH KPU.

Punya pertanyaan tentang produk hukum KPU? Tulis di kolom komentar, dan tim JDIH akan membantu menunjukkan sumbernya.

#PojokJDIH #PKPU #JDIHKPU #KPUKotim""",
        ringkas="Pojok JDIH: PKPU Nomor 8 Tahun 2024 mengatur pencalonan gubernur, bupati, dan wali kota, dari syarat calon hingga penetapan pasangan calon. Baca bersama perubahannya.",
        gambar=[Gambar("infografis-pkpu-8-2024.jpg",
                       "Infografis PKPU Nomor 8 Tahun 2024: pokok pengaturan pencalonan gubernur, bupati, dan wali kota",
                       "PKPU Nomor 8 Tahun 2024", [
                           "Pencalonan Gubernur, Bupati, dan Wali Kota",
                           "Jalur partai politik atau gabungan partai politik",
                           "Jalur perseorangan dengan syarat dukungan",
                           "Pendaftaran, penelitian, dan penetapan pasangan calon",
                       ], label="POJOK JDIH", sumber="Sumber: PKPU Nomor 8 Tahun 2024 dan perubahannya")],
    ),
    Contoh(
        2026, "mengenal-pkpu-8-2019-tata-kerja-kpu",
        "Mengenal PKPU Nomor 8 Tahun 2019 tentang Tata Kerja KPU",
        "rutin-edukasi", ["instagram", "facebook", "x"],
        wib(2026, 11, 18, 8, 0), normal(staf="rizky", pengelola="dwi", menit=(300, 25, 20, 7, 0, 0), sampai="disetujui",
                                        catatan={"disetujui": "Setuju, unggah sesuai jadwal Rabu pagi."}),
        diterima=5, jadwal=wib(2026, 11, 25, 9, 0), seri="Pojok JDIH",
        tag=["pkpu", "tata-kerja", "kelembagaan"], dokumen_hukum=PKPU8_2019,
        isi="""Pojok JDIH mengajak Sahabat Pemilih mengenal Peraturan Komisi Pemilihan Umum (PKPU) Nomor 8 Tahun 2019 tentang Tata Kerja Komisi Pemilihan Umum, Komisi Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum Kabupaten/Kota.

PKPU ini mengatur bagaimana KPU di setiap tingkatan bekerja, antara lain pembagian tugas anggota, mekanisme rapat pleno dalam pengambilan keputusan, serta hubungan kerja antara KPU, KPU Provinsi, dan KPU Kabupaten/Kota. PKPU ini telah beberapa kali diubah, antara lain dengan PKPU Nomor 4 Tahun 2021.

Mengapa penting? Karena keputusan KPU diambil secara kolektif kolegial melalui rapat pleno, bukan keputusan perorangan. Dengan memahami tata kerja ini, masyarakat dapat mengikuti bagaimana sebuah keputusan kepemiluan lahir.

PKPU ini juga menjadi salah satu dasar hukum SOP pengelolaan media sosial JDIH kami.

#PojokJDIH #PKPU #JDIHKPU #KPUKotim""",
        ringkas="Pojok JDIH: PKPU Nomor 8 Tahun 2019 mengatur tata kerja KPU, KPU Provinsi, dan KPU Kabupaten/Kota, termasuk rapat pleno. Telah beberapa kali diubah, antara lain dengan PKPU Nomor 4 Tahun 2021.",
        gambar=[Gambar("infografis-pkpu-8-2019.jpg",
                       "Infografis PKPU Nomor 8 Tahun 2019 tentang Tata Kerja KPU: pembagian tugas, rapat pleno, dan hubungan kerja antartingkatan",
                       "PKPU Nomor 8 Tahun 2019", [
                           "Tata kerja KPU, KPU Provinsi, KPU Kabupaten/Kota",
                           "Keputusan melalui rapat pleno",
                           "Hubungan kerja antartingkatan",
                           "Telah diubah, antara lain dengan PKPU Nomor 4 Tahun 2021",
                       ], label="POJOK JDIH", sumber="Sumber: PKPU Nomor 8 Tahun 2019 dan perubahannya")],
    ),
    Contoh(
        2026, "istilah-pemilu-tps",
        "Istilah Pemilu: TPS dan KPPS",
        "rutin-edukasi", ["instagram", "facebook", "x"],
        wib(2026, 11, 18, 9, 30), normal(staf="siti", pengelola="rizky", menit=(320, 27, 24, 0, 0, 0), sampai="persetujuan"),
        diterima=4, seri="Istilah Pemilu", tag=["tps", "kpps", "pemungutan-suara"], dokumen_hukum=UU7,
        isi="""Istilah Pemilu kali ini: TPS dan KPPS.

TPS atau Tempat Pemungutan Suara adalah tempat pemilih memberikan suaranya pada hari pemungutan suara. Di TPS inilah surat suara dicoblos, dimasukkan ke kotak suara, lalu dihitung secara terbuka setelah pemungutan suara selesai.

KPPS atau Kelompok Penyelenggara Pemungutan Suara adalah kelompok yang dibentuk oleh PPS untuk melaksanakan pemungutan suara di TPS. Anggota KPPS bertugas menyiapkan TPS, melayani pemilih, dan melakukan penghitungan suara yang dapat disaksikan oleh saksi, pengawas, dan masyarakat.

Penghitungan suara yang terbuka adalah salah satu wujud asas jujur dan adil dalam pemilu. Jadi, jangan ragu untuk ikut menyaksikan penghitungan suara di TPS tempatmu memilih.

#IstilahPemilu #TPS #JDIHKPU #KPUKotim""",
        ringkas="Istilah Pemilu: TPS adalah Tempat Pemungutan Suara, tempat pemilih mencoblos. KPPS adalah Kelompok Penyelenggara Pemungutan Suara yang melayani pemilih dan menghitung suara secara terbuka.",
        gambar=[Gambar("infografis-tps-kpps.jpg",
                       "Infografis Istilah Pemilu: pengertian TPS dan KPPS serta penghitungan suara yang terbuka",
                       "TPS dan KPPS", [
                           "TPS: Tempat Pemungutan Suara",
                           "KPPS: Kelompok Penyelenggara Pemungutan Suara",
                           "KPPS dibentuk oleh PPS",
                           "Penghitungan suara terbuka untuk umum",
                       ], label="ISTILAH PEMILU", sumber="Sumber: UU Nomor 7 Tahun 2017")],
    ),
    Contoh(
        2026, "tahukah-kamu-asas-pemilu-luber-jurdil",
        "Tahukah Kamu? Arti Asas Pemilu Luber Jurdil",
        "rutin-edukasi", ["instagram", "facebook", "x", "bluesky"],
        wib(2026, 11, 17, 13, 10),
        [Langkah("draf", "siti", 260, "Arahan: jelaskan enam asas satu per satu dengan contoh sehari-hari."),
         Langkah("sunting", "dwi", 29, "Draf diserahkan."),
         Langkah("persetujuan", "siti", 26, "Disunting: kalimat contoh dipersingkat."),
         Langkah("perbaikan", "rahmat", 8,
                 "Kutip Pasal 2 UU 7/2017 secara tepat dan ganti contoh yang menyebut partai tertentu.")],
        diterima=5, seri="Tahukah Kamu", tag=["asas-pemilu", "uu-7-2017"], dokumen_hukum=UU7,
        isi="""Tahukah kamu? Pemilu di Indonesia dilaksanakan berdasarkan enam asas yang sering disingkat Luber Jurdil: langsung, umum, bebas, rahasia, jujur, dan adil. Asas ini tercantum dalam Pasal 2 Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum.

Langsung berarti pemilih memberikan suaranya sendiri tanpa perantara. Umum berarti semua warga negara yang memenuhi syarat berhak memilih. Bebas berarti pemilih menentukan pilihan tanpa tekanan dari siapa pun. Rahasia berarti pilihanmu tidak boleh diketahui orang lain.

Jujur berarti penyelenggara, peserta, dan pemilih bertindak sesuai aturan. Adil berarti setiap pemilih dan peserta pemilu mendapat perlakuan yang sama.

Asas mana yang paling penting menurutmu? Tulis di kolom komentar.

#TahukahKamu #LuberJurdil #JDIHKPU""",
        ringkas="Tahukah kamu? Asas pemilu Luber Jurdil: langsung, umum, bebas, rahasia, jujur, dan adil, sebagaimana tercantum dalam Pasal 2 UU Nomor 7 Tahun 2017.",
        gambar=[Gambar("infografis-luber-jurdil.jpg",
                       "Infografis enam asas pemilu: langsung, umum, bebas, rahasia, jujur, dan adil",
                       "Asas Pemilu: Luber Jurdil", [
                           "Langsung, Umum, Bebas",
                           "Rahasia, Jujur, Adil",
                           "Pasal 2 UU Nomor 7 Tahun 2017",
                       ], label="TAHUKAH KAMU?", sumber="Sumber: UU Nomor 7 Tahun 2017")],
    ),
    Contoh(
        2026, "pojok-jdih-uu-14-2008-keterbukaan-informasi",
        "Pojok JDIH: UU Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
        "rutin-edukasi", ["instagram", "facebook", "x", "mastodon"],
        wib(2026, 11, 19, 8, 20),
        [Langkah("draf", "rizky", 330, "Bahan: naskah UU 14/2008; arahan: fokus pada kategori informasi publik."),
         Langkah("sunting", "dwi", 58, "Draf diserahkan; pembuatan infografis lebih lama dari norma.")],
        diterima=6, seri="Pojok JDIH", tag=["keterbukaan-informasi", "uu-14-2008"], dokumen_hukum=UU14,
        isi="""Pojok JDIH kali ini membahas Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.

Undang-undang ini menjamin hak setiap orang untuk memperoleh informasi publik. Badan publik, termasuk KPU, wajib menyediakan dan melayani permintaan informasi publik secara cepat, tepat waktu, dengan biaya ringan, dan cara yang sederhana.

Informasi publik dibagi menjadi beberapa kelompok: informasi yang wajib diumumkan secara berkala, informasi yang wajib diumumkan secara serta-merta, informasi yang wajib tersedia setiap saat, dan informasi yang dikecualikan dengan alasan yang diatur undang-undang.

JDIH adalah salah satu cara KPU membuka akses terhadap produk hukumnya. Peraturan dan keputusan KPU dapat dibaca dan diunduh tanpa harus datang ke kantor.

#PojokJDIH #KeterbukaanInformasi #JDIHKPU""",
        ringkas="Pojok JDIH: UU Nomor 14 Tahun 2008 menjamin hak setiap orang memperoleh informasi publik. JDIH membuka akses ke produk hukum KPU tanpa harus datang ke kantor.",
        gambar=[Gambar("infografis-uu-14-2008.jpg",
                       "Infografis UU Nomor 14 Tahun 2008: kelompok informasi publik berkala, serta-merta, setiap saat, dan dikecualikan",
                       "Keterbukaan Informasi Publik", [
                           "Informasi berkala",
                           "Informasi serta-merta",
                           "Informasi tersedia setiap saat",
                           "Informasi yang dikecualikan",
                       ], label="POJOK JDIH", sumber="Sumber: UU Nomor 14 Tahun 2008")],
    ),
    Contoh(
        2026, "cara-mencari-peraturan-di-jdih-kpu",
        "Materi Penyuluhan: Cara Mencari Peraturan di JDIH KPU",
        "materi-penyuluhan", ["facebook", "telegram"],
        wib(2026, 11, 20, 8, 5),
        [Langkah("draf", "siti", 200, "Arahan: tutorial langkah demi langkah, tanpa tangkapan layar yang memuat data pribadi.")],
        diterima=7, tag=["tutorial", "jdih"],
        isi="""Materi penyuluhan: cara mencari peraturan di JDIH KPU.

Ingin membaca naskah asli sebuah Peraturan KPU atau Keputusan KPU? Ikuti langkah berikut.

1. Buka laman JDIH KPU melalui peramban di ponsel atau komputer.
2. Pilih jenis produk hukum, misalnya Peraturan KPU atau Keputusan KPU.
3. Ketik nomor dan tahun, atau kata kunci judulnya, pada kolom pencarian.
4. Periksa status peraturan: apakah masih berlaku, sudah diubah, atau sudah dicabut.
5. Unduh naskahnya dan baca bersama peraturan perubahannya bila ada.

Langkah keempat sering terlewat. Padahal, sebuah peraturan bisa saja telah diubah beberapa kali, sehingga ketentuan yang berlaku ada di naskah perubahannya.

Masih bingung? Datang ke kantor KPU Kabupaten Kotawaringin Timur di Sampit pada hari kerja, petugas JDIH siap membantu.

#JDIHKPU #KPUKotim #MelekHukum""",
    ),
    Contoh(
        2026, "layanan-jdih-akhir-tahun-2026",
        "Pengumuman Layanan JDIH pada Akhir Tahun 2026",
        "pengumuman", ["facebook", "x", "telegram"],
        wib(2026, 11, 20, 14, 30), [], diterima=8, tag=["pengumuman", "layanan"],
        isi="""Pengumuman layanan JDIH KPU Kabupaten Kotawaringin Timur pada akhir tahun 2026.

Layanan konsultasi dan permintaan salinan dokumen hukum secara langsung di kantor KPU Kabupaten Kotawaringin Timur tetap dibuka pada hari kerja, mengikuti jam kerja kantor. Pada hari libur nasional dan cuti bersama akhir tahun, layanan tatap muka ditiadakan.

Selama libur, masyarakat tetap dapat membaca dan mengunduh peraturan perundang-undangan kepemiluan melalui laman JDIH KPU, serta mengikuti informasi terbaru melalui akun media sosial resmi JDIH kami.

Permintaan yang masuk melalui pesan di media sosial selama masa libur akan kami jawab pada hari kerja berikutnya. Terima kasih atas pengertian Sahabat Pemilih.

#Pengumuman #JDIHKPU #KPUKotim""",
        ringkas="Pengumuman: layanan tatap muka JDIH KPU Kabupaten Kotawaringin Timur ditiadakan pada libur nasional dan cuti bersama akhir tahun 2026. Peraturan tetap dapat diakses melalui laman JDIH KPU.",
    ),
    Contoh(
        2026, "sosialisasi-jdih-kecamatan-baamang",
        "Pengumuman Sosialisasi JDIH di Kecamatan Baamang",
        "pengumuman", ["instagram", "facebook", "telegram"],
        wib(2026, 9, 8, 9, 0),
        [Langkah("draf", "siti", 240, "Bahan: surat undangan dan jadwal kegiatan."),
         Langkah("dibatalkan", "rahmat", 420, "Dibatalkan: kegiatan diundur, konten dibuat ulang setelah jadwal pasti.")],
        diterima=5, tag=["sosialisasi", "baamang"],
        isi="""Pengumuman untuk masyarakat Kecamatan Baamang.

JDIH KPU Kabupaten Kotawaringin Timur akan menyelenggarakan sosialisasi Jaringan Dokumentasi dan Informasi Hukum bagi tokoh masyarakat, pemuda, dan perangkat kelurahan di Kecamatan Baamang. Sosialisasi ini memperkenalkan cara mengakses peraturan perundang-undangan kepemiluan melalui laman JDIH KPU.

Materi yang akan disampaikan meliputi pengenalan JDIH berdasarkan Peraturan Presiden Nomor 33 Tahun 2012, jenis-jenis produk hukum KPU, serta praktik mencari dan membaca peraturan beserta perubahannya.

Waktu dan tempat kegiatan akan disampaikan melalui undangan resmi dan akun media sosial JDIH kami. Kegiatan ini terbuka tanpa biaya.

#JDIHKPU #KPUKotim #Sosialisasi""",
        gambar=[Gambar("pengumuman-sosialisasi-baamang.jpg",
                       "Pengumuman sosialisasi JDIH di Kecamatan Baamang: materi pengenalan JDIH dan praktik mencari peraturan",
                       "Sosialisasi JDIH di Kecamatan Baamang", [
                           "Untuk tokoh masyarakat, pemuda, dan perangkat kelurahan",
                           "Mengenal JDIH dan produk hukum KPU",
                           "Praktik mencari peraturan",
                           "Waktu dan tempat menyusul",
                       ], label="PENGUMUMAN")],
    ),
]


# ---------------------------------------------------------------------------------------------
# images


def _font_file(bold: bool) -> str | None:
    names = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"] if bold else ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation",
                   "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"):
        for n in names:
            p = Path(folder) / n
            if p.is_file():
                return str(p)
    return None


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A TrueType font (DejaVu/Liberation) or Pillow's scalable default font."""
    path = _font_file(bold)
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, fnt: Any, width: int) -> list[str]:
    """Greedy word wrap to a pixel width."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if draw.textlength(trial, font=fnt) <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def draw_infographic(g: Gambar, path: Path) -> None:
    """A simple red/white infographic: title band, points, source line and office footer.

    The text is laid out at the largest scale that fits, so square cards and tall slides share one design.
    """
    for scale in (1.0, 0.9, 0.8, 0.72, 0.64):
        img = _layout(g, scale)
        if img is not None:
            img.save(path, "JPEG", quality=85, optimize=True)
            return
    raise SystemExit(f"teks infografis terlalu panjang: {path}")


def _layout(g: Gambar, scale: float) -> Image.Image | None:
    w, h = g.ukuran
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)

    def px(v: float) -> int:
        return round(v * scale)

    margin = 80
    f_label, f_title = font(34, bold=True), font(px(66), bold=True)
    f_point, f_small, f_foot = font(px(42)), font(28), font(34, bold=True)
    title_lines = wrap(d, g.judul, f_title, w - 2 * margin)
    band = 150 + len(title_lines) * px(80) + 50
    d.rectangle((0, 0, w, band), fill=RED)
    d.rectangle((0, band, w, band + 14), fill=DARK_RED)
    y = 70
    if g.label:
        tw = d.textlength(g.label, font=f_label)
        d.rounded_rectangle((margin - 16, y - 10, margin + tw + 16, y + 48), radius=24, fill="white")
        d.text((margin, y), g.label, font=f_label, fill=RED)
    y = 150
    for line in title_lines:
        d.text((margin, y), line, font=f_title, fill="white")
        y += px(80)
    footer_h = 110
    y = band + px(70)
    for point in g.poin:
        lines = wrap(d, point, f_point, w - 2 * margin - 70)
        box_h = len(lines) * px(56) + px(40)
        d.rounded_rectangle((margin - 20, y - px(20), w - margin + 20, y - px(20) + box_h), radius=22, fill=PALE)
        d.ellipse((margin, y + px(8), margin + px(28), y + px(36)), fill=RED)
        for i, line in enumerate(lines):
            d.text((margin + 60, y + i * px(56)), line, font=f_point, fill=INK)
        y += box_h + px(28)
    if y > h - footer_h - (70 if g.sumber else 20):
        return None
    if g.sumber:
        d.text((margin, h - footer_h - 55), g.sumber, font=f_small, fill=GREY)
    d.rectangle((0, h - footer_h, w, h), fill=DARK_RED)
    fw = d.textlength(FOOTER, font=f_foot)
    d.text(((w - fw) / 2, h - footer_h + 36), FOOTER, font=f_foot, fill="white")
    return img


# ---------------------------------------------------------------------------------------------
# links (deterministic, shaped like each platform's real ones)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_TID = "234567abcdefghijklmnopqrstuvwxyz"


def _h(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def _code(seed: int, n: int = 11) -> str:
    out = ""
    for _ in range(n):
        seed, r = divmod(seed, 64)
        out += _B64[r]
    return out


def platform_link(platform: str, slug: str, at: datetime, telegram_no: int) -> str:
    """A realistic public URL for the post on ``platform``, derived from the slug and upload time."""
    ms = int(at.timestamp() * 1000)
    h = _h(platform, slug)
    if platform == "instagram":
        return f"https://www.instagram.com/p/{_code(h)}/"
    if platform == "facebook":
        return f"https://www.facebook.com/{ACCOUNT}/posts/1221{h % 10**14:014d}"
    if platform == "x":
        return f"https://x.com/{ACCOUNT}/status/{((ms - 1288834974657) << 22) | (h & 0x3FFFFF)}"
    if platform == "threads":
        return f"https://www.threads.net/@{ACCOUNT}/post/{_code(h)}"
    if platform == "bluesky":
        tid_int = ((ms * 1000) << 10) | (h & 0x3FF)
        tid = "".join(_TID[(tid_int >> (5 * i)) & 31] for i in range(12, -1, -1))
        return f"https://bsky.app/profile/{ACCOUNT}.bsky.social/post/{tid}"
    if platform == "mastodon":
        return f"https://mastodon.social/@{ACCOUNT}/{(ms << 16) | (h & 0xFFFF)}"
    if platform == "telegram":
        return f"https://t.me/{ACCOUNT}/{telegram_no}"
    raise ValueError(platform)


# ---------------------------------------------------------------------------------------------
# building


SHORT_PLATFORMS = ("x", "threads", "bluesky", "mastodon")


def overrides(c: Contoh, page: str) -> dict[str, str]:
    """Per-platform captions: the short one (with the post page link) where the body is too long."""
    teks = dict(c.teks)
    if c.ringkas:
        tags = " ".join(t for t in c.isi.split()[-5:] if t.startswith("#"))
        first_tag = tags.split()[0] if tags else ""
        short = f"{c.ringkas} Selengkapnya: {page}"
        for p in SHORT_PLATFORMS:
            if p in c.platform and p not in teks:
                teks[p] = f"{short} {first_tag}".strip() if p != "bluesky" else short
    return teks


def build(project: Project, c: Contoh, telegram_counter: list[int]) -> None:
    """Write one sample post (folder, images, index.md)."""
    sop, people, cal = project.sop, project.people, project.calendar
    folder = project.content_dir / str(c.tahun) / c.slug
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    if not cal.is_working_day(c.mulai.date()):
        raise SystemExit(f"{c.slug}: disposisi bukan pada hari kerja")
    meta: dict[str, Any] = {}
    extra = {"mulai": c.mulai - timedelta(minutes=c.diterima)} if c.diterima else None
    meta = apply_transition(sop, people, meta, "disposisi", "rahmat", c.mulai,
                            f"Buat konten \"{c.judul}\"; gunakan sumber resmi dari JDIH KPU.", extra)
    t = c.mulai
    uploaded: datetime | None = None
    for step in c.langkah:
        if isinstance(step.setelah, datetime):
            t = step.setelah
        else:
            t = cal.add_working_minutes(t, step.setelah).replace(second=0, microsecond=0)
            if step.setelah and not cal.working_minutes(t, t + timedelta(minutes=1)):
                # landed exactly on the end of a working block: keep the stamp inside office hours
                t = t - timedelta(minutes=1)
        meta = apply_transition(sop, people, meta, step.ke, step.oleh, t, step.catatan)
        if step.ke == "diunggah":
            uploaded = t
    if t >= LATEST:
        raise SystemExit(f"{c.slug}: riwayat melewati batas {LATEST.isoformat()}")

    page = post_url(read_site_url(project.root / "mkdocs.yml"), f"{c.tahun}/{c.slug}")
    meta.update({"judul": c.judul, "kategori": c.kategori, "platform": list(c.platform)})
    if c.seri:
        meta["seri"] = c.seri
    if c.jadwal:
        meta["jadwal"] = c.jadwal
    if c.tag:
        meta["tag"] = list(c.tag)
    if c.gambar:
        for g in c.gambar:
            draw_infographic(g, folder / g.berkas)
        meta["media"] = [{"berkas": g.berkas, "alt": g.alt} for g in c.gambar]
    if c.dokumen_hukum:
        meta["dokumen_hukum"] = dict(c.dokumen_hukum)
    teks = overrides(c, page)
    if teks:
        meta["teks"] = teks
    if uploaded is not None:
        links = {}
        for p in c.platform:
            if p == "telegram":
                telegram_counter[0] += 1
            links[p] = platform_link(p, c.slug, uploaded, telegram_counter[0])
        meta["tautan"] = links
    write_post(folder / "index.md", meta, c.isi.strip() + "\n")
    (folder / "index.md").chmod(0o644)  # atomic_write's temp file is 0600; content files are public


def verify(project: Project) -> list[str]:
    """Re-read the written posts and check what this script promises (limits, sizes, coverage)."""
    from twitter_text import parse_tweet

    problems: list[str] = []
    posts, errors = load_posts(project.content_dir)
    problems += [str(e) for e in errors]
    ours = {f"{c.tahun}/{c.slug}" for c in SAMPLES}
    posts = [p for p in posts if p.id in ours]
    total = 0
    for p in posts:
        words = len(p.body.split())
        if not 80 <= words <= 250:
            problems.append(f"{p.id}: isi {words} kata (harus 80-250)")
        if len(re.findall(r"(?<!\w)#\w+", p.body)) > 5:
            problems.append(f"{p.id}: lebih dari 5 tagar")
        for plat in p.platforms:
            text = p.caption(plat)
            n = {
                "x": lambda s: parse_tweet(s).weightedLength,
                "mastodon": lambda s: len(re.sub(r"https?://\S+", "x" * 23, s)),
                "threads": lambda s: len(s.encode("utf-16-le")) // 2,
            }.get(plat, len)(text)
            limit = {"x": 280, "threads": 500, "bluesky": 300, "mastodon": 500, "instagram": 2200,
                     "telegram": 1024 if p.media else 4096}.get(plat)
            if limit and n > limit:
                problems.append(f"{p.id}: teks {plat} {n} > {limit}")
        if "instagram" in p.platforms and not p.media:
            problems.append(f"{p.id}: instagram tanpa gambar")
        for m in p.media:
            f = p.media_path(m)
            size = f.stat().st_size
            total += size
            if size > 300_000:
                problems.append(f"{p.id}: {m.berkas} {size} byte")
        if project.sop.is_published(p.status) and set(p.tautan) != set(p.platforms):
            problems.append(f"{p.id}: tautan tidak lengkap")
    covered = {p.status for p in posts}
    missing = set(project.sop.states) - covered
    if missing:
        problems.append(f"status belum tercakup: {sorted(missing)}")
    if total > 5_000_000:
        problems.append(f"total gambar {total} byte")
    print(f"{len(posts)} contoh, gambar total {total / 1e6:.2f} MB")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    ap = argparse.ArgumentParser(description="Membuat ulang contoh konten di content/.")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--bersihkan", action="store_true", help="hapus dulu folder contoh milik skrip ini")
    args = ap.parse_args(argv)
    project = Project(args.root.resolve())
    if args.bersihkan:
        for c in SAMPLES:
            shutil.rmtree(project.content_dir / str(c.tahun) / c.slug, ignore_errors=True)
    counter = [111]
    # Telegram message numbers grow with upload time, so build in chronological order.
    for c in sorted(SAMPLES, key=lambda c: c.mulai):
        build(project, c, counter)
    problems = verify(project)
    for pr in problems:
        print("MASALAH:", pr, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
