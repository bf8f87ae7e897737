"""policykg: a knowledge graph and semantic search over policy documents."""

__version__ = "0.1.0"
