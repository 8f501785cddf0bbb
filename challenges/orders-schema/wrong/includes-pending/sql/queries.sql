create view monthly_revenue as
select
  date_trunc('month', o.created_at at time zone 'UTC')::date as month,
  sum(i.quantity::bigint * i.unit_price_cents)::bigint as revenue_cents
from orders o
join order_items i on i.order_id = o.id
where o.status in ('paid', 'shipped', 'pending')
group by 1
order by 1;
