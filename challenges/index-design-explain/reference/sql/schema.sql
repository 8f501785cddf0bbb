-- Lookup by email ignoring case: an expression index on exactly the expression the query uses.
create index customers_lower_email_idx on customers (lower(email));

-- Equality columns first, then the sort column: one index range, already in created_at order.
-- Its leading customer_id also serves joins and deletes through orders.customer_id.
create index orders_customer_status_created_idx on orders (customer_id, status, created_at);

-- Only the 1 % of pending orders, in queue order; small, and cheap to keep up to date.
create index orders_pending_queue_idx on orders (created_at, id) where status = 'pending';

-- PostgreSQL does not index the referencing side of a foreign key by itself.
create index order_items_order_id_idx on order_items (order_id);
