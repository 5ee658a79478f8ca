"""Records and reports of SOP 03/2022: Buku Agenda, the evaluation report, the electronic archive.

Pure core: these modules read posts, the SOP data and the git history (values read by
:mod:`jdih.gitflow` and passed in by the CLI), and return data or bytes. The click commands in
:mod:`jdih.cli.laporan` only parse options and write the results.
"""
