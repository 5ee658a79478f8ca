"""Indonesian text for click's own messages (usage, help headings, usage errors).

click marks its strings with :mod:`gettext`; we give those modules an Indonesian ``_`` and
``ngettext`` so every word a user reads from the CLI is Bahasa Indonesia, without touching
the process-wide locale (git and other tools keep theirs).
"""

from __future__ import annotations

import importlib

ID = {
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Aborted!": "Dibatalkan.",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} membutuhkan {nargs} nilai.",
    "Commands": "Perintah",
    "Error: {message}": "galat: {message}",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Missing argument": "Argumen wajib belum diisi",
    "Missing command.": "Perintah belum disebutkan.",
    "Missing option": "Opsi wajib belum diisi",
    "Missing parameter": "Parameter wajib belum diisi",
    "Missing parameter: {param_name}": "Parameter wajib belum diisi: {param_name}",
    "Missing {param_type}": "{param_type} wajib belum diisi",
    "No such command {name!r}.": "Tidak ada perintah {name!r}.",
    "No such option {name!r}.": "Tidak ada opsi {name!r}.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Options": "Opsi",
    "Positional arguments": "Argumen",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Usage:": "Penggunaan:",
    "Do you want to continue?": "Lanjutkan?",
    "Confirm the action without prompting.": "Setujui tanpa bertanya.",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "required": "wajib",
    "directory": "folder",
    "file": "berkas",
    "path": "jalur",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulis.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "Error: invalid input": "galat: masukan tidak sah",
    "unknown error": "galat tidak dikenal",
    "integer": "bilangan bulat",
    "float": "bilangan desimal",
}

ID_PLURAL = {
    "Got unexpected extra argument ({args})": "Ada argumen berlebih yang tidak dikenal ({args})",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "Option {name!r} requires an argument.": "Opsi {name!r} membutuhkan nilai.",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} does not match the format {format}.": "{value!r} tidak sesuai format {format}.",
    "Takes {nargs} values but 1 was given.": "Membutuhkan {nargs} nilai tetapi hanya 1 diberikan.",
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} nilai dibutuhkan, tetapi {len_value} diberikan."
    ),
}
ID_PLURAL_MANY = {
    "Got unexpected extra arguments ({args})": "Ada argumen berlebih yang tidak dikenal ({args})",
    "(Did you mean one of: {possibilities}?)": "(Maksud Anda salah satu dari: {possibilities}?)",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} membutuhkan {nargs} nilai.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{value!r} does not match the formats {formats}.": "{value!r} tidak sesuai format {formats}.",
    "Takes {nargs} values but {len} were given.": "Membutuhkan {nargs} nilai tetapi {len} diberikan.",
    "{len_type} values are required, but {len_value} were given.": (
        "{len_type} nilai dibutuhkan, tetapi {len_value} diberikan."
    ),
}


def gettext_id(message: str) -> str:
    """Indonesian for a click message (the original when unknown)."""
    return ID.get(message, message)


def ngettext_id(singular: str, plural: str, n: int) -> str:
    """Indonesian singular/plural for a click message."""
    if n == 1:
        return ID_PLURAL.get(singular, singular)
    return ID_PLURAL_MANY.get(plural, plural)


def install() -> None:
    """Point click's message functions at the Indonesian catalogue (idempotent)."""
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils"):
        try:
            mod = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - module layout differs between click versions
            continue
        if hasattr(mod, "_"):
            mod._ = gettext_id  # type: ignore[attr-defined]
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext_id  # type: ignore[attr-defined]
    # Number types print their `.name` in messages ("'abc' is not a valid integer").
    from click import types

    types.IntParamType.name = "bilangan bulat"
    types.FloatParamType.name = "bilangan desimal"
