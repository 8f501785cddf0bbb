-- One row per UTC calendar month with paid or shipped orders; see prompt.md.
create view monthly_revenue as
select null::date as month, null::bigint as revenue_cents
where false;
