create index customers_lower_email_idx on customers (lower(email));

create index orders_customer_status_created_idx on orders (customer_id, status, created_at);

-- One index on status for every status query.
create index orders_status_created_idx on orders (status, created_at, id);

create index order_items_order_id_idx on order_items (order_id);
