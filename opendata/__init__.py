"""Open data: the directory's entries leave the portal as CSV and JSON exports, a read-only
API, Atom feeds, a sitemap, structured data and citations (docs/architecture.md)."""
