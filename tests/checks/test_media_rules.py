"""Media checks: inside the post folder, real images, alt text, platform limits."""

from __future__ import annotations

import os

import pytest

from helpers import make_image, make_post
from jdih.project import Project
from support.checking import codes, edit, run


def _media(path, *items):
    edit(path, lambda m: m.update(media=[{"berkas": b, "alt": "Gambar"} if isinstance(b, str) else b for b in items]))


def test_instagram_needs_an_image(project):
    path = make_post(project, "tanpa-gambar", status="diumumkan", platform=["instagram", "x"], image=False)
    (f,) = run(project, path)
    assert (f.code, f.message) == ("MEDIA-WAJIB", "Instagram membutuhkan minimal satu gambar, tetapi 'media' kosong")


def test_too_many_images_for_x(project):
    path = make_post(project, "banyak", status="diumumkan", platform=["x"])
    _media(path, *["gambar-1.jpg"] * 5)
    assert [f.message for f in run(project, path)] == ["X (Twitter) menerima paling banyak 4 gambar, tetapi ada 5"]


def test_alt_text_required(project):
    path = make_post(project, "alt", status="diumumkan")
    _media(path, {"berkas": "gambar-1.jpg"}, {"berkas": "gambar-1.jpg", "alt": "  "})
    found = [f for f in run(project, path) if f.code == "MEDIA-ALT"]
    assert [f.message for f in found] == [
        "media ke-1 tidak memiliki teks alternatif ('alt') untuk pembaca layar",
        "media ke-2 tidak memiliki teks alternatif ('alt') untuk pembaca layar",
    ]


def test_paths_may_not_leave_the_post_folder(project, tmp_path):
    path = make_post(project, "jalur", status="diumumkan", platform=["facebook"])
    outside = make_image(tmp_path / "luar.jpg")
    folder = path.parent
    os.symlink(outside, folder / "tautan.jpg")
    os.symlink(folder / "putar-b.jpg", folder / "putar-a.jpg")
    os.symlink(folder / "putar-a.jpg", folder / "putar-b.jpg")
    _media(path, str(outside), "../../2026/jalur/gambar-1.jpg", "tautan.jpg", "putar-a.jpg")
    msgs = [f.message for f in run(project, path)]
    assert msgs[0] == (f"media ke-1: jalur mutlak '{outside}' tidak boleh; tulis nama berkas relatif terhadap "
                       f"folder konten")
    assert msgs[1] == "media ke-2: jalur '../../2026/jalur/gambar-1.jpg' keluar dari folder konten ('..' tidak boleh)"
    assert msgs[2] == "media ke-3: 'tautan.jpg' menunjuk ke luar folder konten (tautan simbolik)"
    assert msgs[3].startswith("media ke-4: 'putar-a.jpg'")
    assert codes(project, path) == ["MEDIA-JALUR"] * 3 + [codes(project, path)[3]]
    assert codes(project, path)[3] in ("MEDIA-JALUR", "MEDIA-HILANG")


def test_symlink_inside_the_folder_is_fine(project):
    path = make_post(project, "tautan-dalam", status="diumumkan", platform=["facebook"])
    os.symlink("gambar-1.jpg", path.parent / "salinan.jpg")
    _media(path, "salinan.jpg")
    assert run(project, path) == []


def test_missing_files(project):
    path = make_post(project, "hilang", status="diumumkan", platform=["facebook"])
    os.symlink("tidak-ada.jpg", path.parent / "patah.jpg")
    (path.parent / "folder.jpg").mkdir()
    _media(path, "tidak-ada.jpg", "patah.jpg", "folder.jpg")
    assert [f.message for f in run(project, path)] == [
        "media ke-1: berkas 'tidak-ada.jpg' tidak ada di folder konten",
        "media ke-2: 'patah.jpg' adalah tautan simbolik ke berkas yang tidak ada",
        "media ke-3: 'folder.jpg' bukan berkas biasa",
    ]


def test_junk_is_not_an_image(project):
    path = make_post(project, "rusak", status="diumumkan", platform=["facebook"])
    (path.parent / "sampah.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(64))
    png = make_image(path.parent / "potong.png", fmt="PNG").read_bytes()
    (path.parent / "potong.png").write_bytes(png[: len(png) // 2])
    _media(path, "sampah.jpg", "potong.png")
    found = run(project, path)
    assert [f.code for f in found] == ["MEDIA-RUSAK", "MEDIA-RUSAK"]
    assert found[0].message.startswith("media ke-1: 'sampah.jpg' bukan gambar yang dapat dibuka (")


def test_format_for_instagram(project):
    path = make_post(project, "gif", status="diumumkan", platform=["instagram", "facebook"])
    make_image(path.parent / "animasi.gif", fmt="GIF")
    _media(path, "animasi.gif")
    assert [f.message for f in run(project, path)] == [
        "Instagram: media ke-1 'animasi.gif' berformat GIF, sedangkan yang diterima: JPEG, PNG"]


def test_size_limits_come_from_platform_yml(project):
    yml = project.root / "sop" / "platform.yml"
    text = yml.read_text().replace("maks_byte: 4000000", "maks_byte: 1000")
    text = text.replace("maks_byte: 1000000", "maks_byte: 999")
    yml.write_text(text)
    fresh = Project(project.root)
    path = make_post(fresh, "besar", status="diumumkan", platform=["facebook", "bluesky"])
    found = run(fresh, path)
    by = {f.message.split(":")[0]: f for f in found}
    assert [f.code for f in found] == ["MEDIA-UKURAN", "MEDIA-UKURAN"]
    assert by["Facebook"].level == "GALAT"
    assert by["Facebook"].message.startswith("Facebook: media ke-1 'gambar-1.jpg' berukuran ")
    assert by["Bluesky"].level == "PERINGATAN"
    assert by["Bluesky"].message.endswith("(akan dikompres saat diunggah)")


@pytest.mark.parametrize(
    ("size", "platform", "code", "message"),
    [
        ((1080, 400), "instagram", "MEDIA-RASIO",
         "Instagram: media ke-1 'g.jpg' berasio 1080x400 (2.70:1), di luar rentang 0.80:1 sampai 1.91:1"),
        ((600, 1080), "instagram", "MEDIA-RASIO",
         "Instagram: media ke-1 'g.jpg' berasio 600x1080 (0.56:1), di luar rentang 0.80:1 sampai 1.91:1"),
        ((3300, 320), "threads", "MEDIA-RASIO", "Threads: media ke-1 'g.jpg' berasio 10.3:1, melebihi batas 10:1"),
        ((200, 200), "instagram", "MEDIA-DIMENSI",
         "Instagram: media ke-1 'g.jpg' lebarnya 200 piksel, kurang dari minimum 320 piksel"),
        ((9000, 1200), "telegram", "MEDIA-DIMENSI",
         "Telegram: media ke-1 'g.jpg' lebar + tinggi 10200 piksel, melebihi batas 10000 piksel"),
    ],
)
def test_shape_limits(project, size, platform, code, message):
    path = make_post(project, "bentuk", status="diumumkan", platform=[platform], body="Halo")
    make_image(path.parent / "g.jpg", size=size)
    _media(path, "g.jpg")
    found = run(project, path)
    assert [(f.code, f.message) for f in found] == [(code, message)]


# --- media allow-list by content and extension (issue 12) ----------------------------------------


def test_script_file_names_are_refused_whatever_their_content(project):
    path = make_post(project, "skrip", status="diumumkan", platform=["facebook"])
    jpeg = make_image(path.parent / "asli.jpg").read_bytes()
    (path.parent / "infografis.html").write_bytes(jpeg + b"<script>alert(1)</script>")
    (path.parent / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (path.parent / "tanpa-akhiran").write_bytes(jpeg)
    _media(path, "infografis.html", "logo.svg", "tanpa-akhiran")
    found = run(project, path)
    assert [f.code for f in found] == ["MEDIA-JENIS"] * 3
    allowed = ".bmp, .gif, .jpeg, .jpg, .png, .tif, .tiff, .webp"
    assert [f.message for f in found] == [
        f"media ke-1 'infografis.html': akhiran '.html' tidak diizinkan; gunakan gambar {allowed}",
        f"media ke-2 'logo.svg': akhiran '.svg' tidak diizinkan; gunakan gambar {allowed}",
        f"media ke-3 'tanpa-akhiran': berkas tanpa akhiran tidak diizinkan; gunakan gambar {allowed}",
    ]


def test_content_must_match_its_extension(project):
    path = make_post(project, "menyamar", status="diumumkan", platform=["facebook"])
    make_image(path.parent / "foto.png", fmt="JPEG")
    _media(path, "foto.png")
    (f,) = run(project, path)
    assert (f.code, f.message) == (
        "MEDIA-JENIS", "media ke-1 'foto.png': isinya berformat JPEG tetapi berakhiran '.png'; ganti akhirannya "
                       "menjadi .jpg atau .jpeg")


def test_content_format_outside_the_allow_list_is_refused(project):
    (project.root / "sop" / "platform.yml").write_text(
        (project.root / "sop" / "platform.yml").read_text().replace("  GIF: [.gif]\n", ""))
    path = make_post(project, "animasi", status="diumumkan", platform=["x"])
    make_image(path.parent / "gerak.jpg", fmt="GIF")
    _media(path, "gerak.jpg")
    (f,) = run(project, path)
    assert (f.code, f.message) == (
        "MEDIA-JENIS", "media ke-1 'gerak.jpg': isinya berformat GIF, yang tidak diizinkan; yang diizinkan: JPEG, "
                       "PNG, WEBP, BMP, TIFF")


def test_upper_case_extensions_of_allowed_images_pass(project):
    path = make_post(project, "besar", status="diumumkan", platform=["facebook"])
    make_image(path.parent / "FOTO.JPG")
    _media(path, "FOTO.JPG")
    assert run(project, path) == []


def test_a_phone_cameras_multi_picture_jpeg_is_a_jpeg(project):
    """Many phones save a photo with a second picture inside (Pillow: "MPO"); it is a JPEG file."""
    from PIL import Image

    path = make_post(project, "foto-ponsel", status="diumumkan", platform=["instagram"])
    photo = Image.new("RGB", (1080, 1080), "#8B0000")
    photo.save(path.parent / "ponsel.jpg", "MPO", save_all=True, append_images=[Image.new("RGB", (1080, 1080))])
    with Image.open(path.parent / "ponsel.jpg") as img:
        assert img.format == "MPO"
    _media(path, "ponsel.jpg")
    assert run(project, path) == []
