"""Read-only access to the graph: named SPARQL queries, a safe runner, goal lookups, exports."""
