-- PostgreSQL 17 (PGlite). The grader has already created customers, orders and order_items
-- and loaded their rows (see prompt.md); do not create them again.
-- Yours to write: the indexes that serve the workload in prompt.md.

