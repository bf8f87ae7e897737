"""One exception hierarchy for policykg.

    PolicyKGError
     ├── ConfigError        bad setting (store location, model name, …)
     ├── IngestError        a source file cannot become a document
     │    ├── EmptyDocumentError     nothing left to read (empty file, only page chrome)
     │    ├── BinaryFileError        the bytes are not text in a supported format
     │    ├── DecodeError            the text is in no encoding we can detect
     │    └── IngestTimeoutError     reading and extracting a file ran past the time limit
     ├── StoreError         the graph store cannot be opened, read or written
     │    └── StoreLockedError       another process is writing to the store
     ├── QueryError         a SPARQL query is malformed, forbidden or too costly
     │    ├── QuerySyntaxError
     │    ├── ReadOnlyError          an update (INSERT, LOAD, DROP, …) was sent to a read-only runner
     │    └── QueryTimeoutError
     ├── SearchIndexError   search index missing, stale or built with another model
     └── SearchError        a search request is invalid (empty query, bad mode)

Lower-level errors (UnicodeDecodeError, pyoxigraph's OSError/SyntaxError, …) are mapped to these at
the border of each stage. The CLI and the app print ``str(error)``: every message is one line
that says what went wrong and, where it can, what to do.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class of every error policykg raises on purpose."""

    def __str__(self) -> str:
        # One line, always: the CLI prints exactly this.
        return " ".join(super().__str__().split())


class ConfigError(PolicyKGError):
    """A setting is invalid."""


class IngestError(PolicyKGError):
    """A source file cannot be turned into a document."""


class EmptyDocumentError(IngestError):
    """The file holds no text, or nothing but page chrome."""


class BinaryFileError(IngestError):
    """The file is binary data, not a supported document."""


class DecodeError(IngestError):
    """The bytes decode in none of the supported encodings."""


class IngestTimeoutError(IngestError):
    """Reading, extracting and encoding one file took longer than the ingest time limit."""

    @classmethod
    def for_file(cls, name: str, timeout_s: float) -> IngestTimeoutError:
        return cls(
            f"{name}: took longer than {timeout_s:g} s to read, extract and encode; "
            "raise --timeout / POLICYKG_INGEST_TIMEOUT"
        )


class StoreError(PolicyKGError):
    """The graph store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class QueryError(PolicyKGError):
    """A query is malformed, forbidden or too costly."""


class QuerySyntaxError(QueryError):
    """The query does not parse."""


class ReadOnlyError(QueryError):
    """An update was sent where only reads are allowed."""


class QueryTimeoutError(QueryError):
    """The query ran past its time limit and was stopped."""


class SearchIndexError(PolicyKGError):
    """A search index is missing, stale, or built with another model."""


class SearchError(PolicyKGError):
    """A search request is invalid."""
