"""Every platform channel is built one way (jdih.channels.http.HttpChannel): from its service's variables."""

from __future__ import annotations

import httpx
import pytest

from jdih.channels.platforms import registry
from jdih.errors import ConfigError


def _client() -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(500)))


def _env(platform: str) -> dict[str, str]:
    """Every declared variable of ``platform`` set to a recognisable value (the URL one to a test server)."""
    service = registry.module(platform).SERVICE
    env = {v.name: f"nilai-{v.name.lower()}" for v in service.required}
    env[service.endpoint.var.name] = f"https://{platform}.test/api/"
    return env


@pytest.mark.parametrize("platform", registry.PLATFORMS)
def test_each_platform_is_built_from_its_variables(platform: str) -> None:
    env = _env(platform)
    channel = registry.build(platform, _client(), env)
    assert channel.name == platform
    assert channel.base_url == f"https://{platform}.test/api"  # type: ignore[attr-defined]  # no trailing slash
    api = channel.api  # type: ignore[attr-defined]
    assert api.base_url.startswith(channel.base_url)  # type: ignore[attr-defined]  # Telegram adds /bot<token>
    assert api.url_var == registry.module(platform).SERVICE.endpoint.var.name
    secrets = [env[v.name] for v in registry.module(platform).SERVICE.required if v.secret]
    assert secrets and not any(s in repr(channel) for s in secrets)


@pytest.mark.parametrize("platform", registry.PLATFORMS)
def test_the_first_missing_variable_is_named(platform: str) -> None:
    env = _env(platform)
    first = registry.module(platform).SERVICE.required[0].name
    del env[first]
    with pytest.raises(ConfigError, match=first):
        registry.module(platform).__dict__[registry.CLASSES[platform]].from_env(_client(), env)


def test_optional_settings_come_from_the_environment() -> None:
    env = {**_env("telegram"), "JDIH_TELEGRAM_CHANNEL": "@jdihkotim"}
    assert registry.build("telegram", _client(), env).channel == "jdihkotim"  # type: ignore[attr-defined]
    tiktok = registry.build("tiktok", _client(), {**_env("tiktok"), "JDIH_TIKTOK_PRIVASI": "PUBLIC_TO_EVERYONE",
                                                  "JDIH_TIKTOK_USERNAME": "jdihkotim"})
    assert (tiktok.privacy, tiktok.username) == ("PUBLIC_TO_EVERYONE", "jdihkotim")  # type: ignore[attr-defined]
    assert registry.build("tiktok", _client(), _env("tiktok")).privacy == "SELF_ONLY"  # type: ignore[attr-defined]
    assert registry.build("youtube", _client(), _env("youtube")).privacy == "private"  # type: ignore[attr-defined]
    x = registry.build("x", _client(), {**_env("x"), "JDIH_X_USERNAME": "jdihkotim"})
    assert x.username == "jdihkotim"  # type: ignore[attr-defined]


def test_the_default_address_is_the_services_own() -> None:
    env = _env("facebook")
    del env["JDIH_FACEBOOK_URL"]
    api = registry.build("facebook", _client(), env).api  # type: ignore[attr-defined]
    assert api.base_url == "https://graph.facebook.com/v21.0"
