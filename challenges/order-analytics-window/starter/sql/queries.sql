-- Yours to write: the four views of prompt.md. These placeholders only have the right columns
-- and types, and no rows.

create view customer_running_totals as
select null::bigint as customer_id, null::bigint as order_id, null::timestamptz as created_at,
  null::integer as amount_cents, null::bigint as running_total_cents
where false;

create view monthly_customer_rank as
select null::date as month, null::bigint as customer_id, null::bigint as revenue_cents,
  null::bigint as revenue_rank
where false;

create view monthly_growth as
select null::date as month, null::bigint as revenue_cents, null::bigint as previous_revenue_cents,
  null::numeric as growth_pct
where false;

create view daily_moving_average as
select null::date as day, null::bigint as revenue_cents, null::numeric as avg_7d_cents
where false;
