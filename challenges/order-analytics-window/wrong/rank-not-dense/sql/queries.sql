-- Every view counts paid orders only and works in UTC: the session time zone is not UTC.

create view customer_running_totals as
select customer_id, id as order_id, created_at, amount_cents,
  -- ROWS, not the default RANGE frame: orders with the same created_at are not peers here.
  sum(amount_cents) over (
    partition by customer_id order by created_at, id
    rows between unbounded preceding and current row
  ) as running_total_cents
from orders
where status = 'paid'
order by customer_id, created_at, id;

create view monthly_customer_rank as
with monthly as (
  select date_trunc('month', created_at at time zone 'UTC')::date as month, customer_id,
    sum(amount_cents) as revenue_cents
  from orders
  where status = 'paid'
  group by 1, 2
)
select month, customer_id, revenue_cents,
  rank() over (partition by month order by revenue_cents desc) as revenue_rank
from monthly
order by month, revenue_rank, customer_id;

create view monthly_growth as
with paid as (
  select date_trunc('month', created_at at time zone 'UTC')::date as month, amount_cents
  from orders
  where status = 'paid'
),
-- Every calendar month in the range, so lag() compares with the month before, not the last
-- month that happened to have orders.
months as (
  select generate_series(min(month)::timestamp, max(month)::timestamp, interval '1 month')::date as month
  from paid
),
revenue as (
  select m.month, coalesce(sum(p.amount_cents), 0) as revenue_cents
  from months m
  left join paid p on p.month = m.month
  group by m.month
)
select month, revenue_cents,
  lag(revenue_cents) over w as previous_revenue_cents,
  round(100.0 * (revenue_cents - lag(revenue_cents) over w) / nullif(lag(revenue_cents) over w, 0), 1)
    as growth_pct
from revenue
window w as (order by month)
order by month;

create view daily_moving_average as
with paid as (
  select (created_at at time zone 'UTC')::date as day, amount_cents
  from orders
  where status = 'paid'
),
days as (
  select generate_series(min(day)::timestamp, max(day)::timestamp, interval '1 day')::date as day
  from paid
),
daily as (
  select d.day, coalesce(sum(p.amount_cents), 0) as revenue_cents
  from days d
  left join paid p on p.day = d.day
  group by d.day
)
-- With every day present, 7 rows are 7 calendar days; days before the first count as 0.
select day, revenue_cents,
  round(sum(revenue_cents) over (order by day rows between 6 preceding and current row) / 7.0, 2)
    as avg_7d_cents
from daily
order by day;
