"""Source files -> PolicyDocument -> Extraction -> ResolvedDocument (plain data, one way)."""
