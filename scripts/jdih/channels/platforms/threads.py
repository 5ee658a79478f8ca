"""Threads adapter: containers on ``graph.threads.net`` (``/threads``, ``/threads_publish``).

TEXT, IMAGE (public URL) and CAROUSEL (2–20) containers; status field ``status``; quota
``threads_publishing_limit`` (250 per 24 h). Meta suggests waiting for ``FINISHED`` before
publishing; the wait uses the injected ``sleep``.
"""

from __future__ import annotations

from ._container import THREADS, ContainerChannel

SERVICE = THREADS.service


class ThreadsChannel(ContainerChannel, service=SERVICE):
    """Posts to one Threads profile."""

    flavor = THREADS
