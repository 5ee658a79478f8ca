"""The ``jdih`` command line: thin click commands over the core.

Subcommands live in modules under :mod:`jdih.cli` and are imported only when used, so
``jdih --help`` stays fast. Errors are formatted in one place (:mod:`jdih.cli.output`).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from . import i18n

i18n.install()

# command name -> "module:attribute". One place lists every command.
COMMANDS: dict[str, str] = {
    "periksa": "jdih.cli.periksa:periksa",
    "status": "jdih.cli.periksa:status",
    "skema": "jdih.cli.periksa:skema",
    "disposisi": "jdih.cli.alur:disposisi",
    "buka": "jdih.cli.alur:buka",
    "draf": "jdih.cli.alur:draf",
    "ajukan": "jdih.cli.alur:ajukan",
    "sunting": "jdih.cli.alur:sunting",
    "setujui": "jdih.cli.alur:setujui",
    "tolak": "jdih.cli.alur:tolak",
    "batalkan": "jdih.cli.alur:batalkan",
    "riwayat": "jdih.cli.alur:riwayat",
    "pratinjau": "jdih.cli.alur:pratinjau",
    "github": "jdih.cli.github:github",
    "terbitkan": "jdih.cli.terbitkan:terbitkan",
    "umumkan": "jdih.cli.umumkan:umumkan",
    "ingatkan": "jdih.cli.ingatkan:ingatkan",
    "situs": "jdih.cli.situs:situs",
    "agenda": "jdih.cli.laporan:agenda",
    "laporan": "jdih.cli.laporan:laporan",
    "arsip": "jdih.cli.laporan:arsip",
    "meja": "jdih.cli.meja:meja",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands whose module is present, in SOP order."""
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return one command."""
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                return None
            raise
        cmd = getattr(mod, attr, None)
        if not isinstance(cmd, click.Command):
            return None
        _indonesian_metavars(cmd)
        return cmd

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; JdihError becomes one Indonesian message and its exit code."""
        from .output import run_guarded

        return run_guarded(lambda: super(LazyGroup, self).invoke(ctx))




def _indonesian_metavars(cmd: click.Command) -> None:
    """Usage lines say [OPSI] / PERINTAH instead of click's English placeholders."""
    cmd.options_metavar = "[OPSI]"
    if isinstance(cmd, click.Group):
        cmd.subcommand_metavar = "[PERINTAH [ARG]...]" if cmd.invoke_without_command else "PERINTAH [ARG]..."
        for sub in cmd.commands.values():
            _indonesian_metavars(sub)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="jdih-medsos", prog_name="jdih")
@click.option(
    "--proyek",
    "project_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Folder repositori JDIH Medsos (bawaan: dicari dari folder saat ini).",
)
@click.pass_context
def cli(ctx: click.Context, project_dir: str | None) -> None:
    """JDIH Medsos: alur kerja SOP 03/2022 "Pengelolaan Media Sosial JDIH"
    KPU Kabupaten Kotawaringin Timur, dari disposisi sampai tautan diumumkan.

    \b
    Langkah SOP dan perintahnya:
      1. disposisi   Kasubbag memberi disposisi pembuatan konten
      2. draf        Staf menghimpun bahan dan mengarahkan konsep
      3. ajukan      Pengelola membuat dan menyerahkan draf
      4. sunting     Draf dikoreksi/disunting, diserahkan untuk persetujuan
      5. setujui / tolak   Kasubbag: setuju → unggah; tidak setuju → perbaikan
      6. terbitkan / umumkan   Unggah ke platform, tautan ke grup WhatsApp
    """
    ctx.ensure_object(dict)
    ctx.obj["project_dir"] = project_dir


_indonesian_metavars(cli)


def main() -> None:
    """Console entry point."""
    from ..redact import install_logging_filter

    install_logging_filter()
    cli(prog_name="jdih")
