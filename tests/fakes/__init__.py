"""The one fakes package: fakes of outside HTTP APIs that follow their documented contracts.

- :mod:`fakes.server`: the one loopback HTTP server (:func:`~fakes.server.serve`) and the one
  MockTransport client (:func:`~fakes.server.mock_client`); every fake is an httpx handler.
- :mod:`fakes.platforms`: the social platforms (and the one :class:`~fakes.platforms.FakeTelegram`,
  for both the channel and the group announcement).
- :mod:`fakes.gateways`: the WhatsApp gateways and the webhook receiver.
- :mod:`fakes.github`: the GitHub REST endpoints (served by the same loopback server); over a bare
  repository also those Decap CMS's GitHub backend calls (:mod:`fakes.github_repo` on
  :mod:`fakes.github_git`) and its OAuth popup (:mod:`fakes.github_oauth`).
- :mod:`fakes.clock`: the one fake sleep and the one fake clock.
- :mod:`fakes.world`: every platform fake wired to real adapters, for publishing tests.
"""
