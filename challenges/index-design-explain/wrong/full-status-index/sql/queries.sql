-- status = 'pending' (equivalent under the check constraint) matches the partial index.
create view pending_orders as
select id, customer_id, created_at
from orders
where status = 'pending'
order by created_at, id;

create view order_lines as
select o.id as order_id, o.customer_id, i.sku, i.quantity,
  i.quantity * i.unit_price_cents as line_cents
from orders o
join order_items i on i.order_id = o.id;
