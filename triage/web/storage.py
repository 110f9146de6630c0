"""Static files storage for production: WhiteNoise's compressed, hashed files, with each URL worked out
once per process."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage

# More distinct names than the templates and the admin ever ask for; only code names static files.
MAX_REMEMBERED_URLS = 1000


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The manifest is read once when the process starts and never changes while it runs, so a file's
    hashed URL does not either. Working it out (name cleaning, manifest look-up, quoting) took a few
    percent of every page, which asks for five of them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.remembered_urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        url = self.remembered_urls.get(name)
        if url is None:
            url = super().url(name)
            if len(self.remembered_urls) < MAX_REMEMBERED_URLS:
                self.remembered_urls[name] = url
        return url
