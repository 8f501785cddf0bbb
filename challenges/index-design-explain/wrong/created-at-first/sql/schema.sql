create index customers_lower_email_idx on customers (lower(email));

-- The query orders by created_at, so created_at comes first.
create index orders_created_customer_status_idx on orders (created_at, customer_id, status);
create index orders_customer_id_idx on orders (customer_id);

create index orders_pending_queue_idx on orders (created_at, id) where status = 'pending';

create index order_items_order_id_idx on order_items (order_id);
