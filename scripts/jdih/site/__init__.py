"""The public JDIH site: MkDocs + Material, generated from content/ and sop/ (published posts only)."""
