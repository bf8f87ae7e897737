"""RDF knowledge graph: build named graphs from resolved documents, store and query them."""
