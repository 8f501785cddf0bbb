-- Two queries of the workload, as the application's views. You may rewrite them (for example
-- to make a condition index-friendly) as long as each keeps its name, columns, rows and order.

-- Orders waiting to be processed, oldest first.
create view pending_orders as
select id, customer_id, created_at
from orders
where status not in ('paid', 'shipped', 'cancelled')
order by created_at, id;

-- Order lines with their order's customer; the application filters by customer_id.
create view order_lines as
select o.id as order_id, o.customer_id, i.sku, i.quantity,
  i.quantity * i.unit_price_cents as line_cents
from orders o
join order_items i on i.order_id = o.id;
