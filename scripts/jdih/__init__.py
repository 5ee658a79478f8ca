"""JDIH Medsos: SOP 03/2022 "Pengelolaan Media Sosial JDIH" as a Git-based content workflow."""

__version__ = "0.1.0"
