-- The data-change feed (src/platform/data-changes.ts): after every committed change to a table
-- an in-process cache is built from, PostgreSQL notifies "<table> <organization or user id>" on
-- the evident_data_changed channel, so every process forgets what it cached of that organisation
-- (or user). Triggers rather than calls in the services: a change made anywhere (a service, a
-- migration, an operator's SQL) reaches the caches. Notifications are sent at commit, and the
-- same payload is sent once per transaction however many rows changed.
CREATE FUNCTION evident_notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('evident_data_changed', TG_TABLE_NAME || ' *');
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
  PERFORM pg_notify('evident_data_changed', TG_TABLE_NAME || ' ' || (to_jsonb(changed) ->> TG_ARGV[0]));
  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) ->> TG_ARGV[0]) IS DISTINCT FROM (to_jsonb(NEW) ->> TG_ARGV[0]) THEN
    PERFORM pg_notify('evident_data_changed', TG_TABLE_NAME || ' ' || (to_jsonb(OLD) ->> TG_ARGV[0]));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  cached record;
BEGIN
  FOR cached IN
    SELECT * FROM (VALUES
      ('applications', 'organization_id'),
      ('candidates', 'organization_id'),
      ('roles', 'organization_id'),
      ('plan_stages', 'organization_id'),
      ('api_tokens', 'organization_id'),
      ('memberships', 'organization_id'),
      ('organizations', 'id'),
      ('users', 'id')
    ) AS tables (name, key_column)
  LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed(%L)',
      cached.name || '_data_changed', cached.name, cached.key_column);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed()',
      cached.name || '_truncated', cached.name);
  END LOOP;
END
$$;
