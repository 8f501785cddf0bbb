-- PostgreSQL 17 (PGlite). Add types, defaults, keys and constraints; see prompt.md.
create table customers (
  id bigint,
  email text,
  name text,
  created_at timestamptz
);

create table products (
  id bigint,
  sku text,
  name text,
  price_cents integer
);

create table orders (
  id bigint,
  customer_id bigint,
  status text,
  created_at timestamptz
);

create table order_items (
  order_id bigint,
  product_id bigint,
  quantity integer,
  unit_price_cents integer
);
