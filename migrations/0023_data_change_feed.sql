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
CREATE TRIGGER applications_data_changed AFTER INSERT OR UPDATE OR DELETE ON applications FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER applications_truncated AFTER TRUNCATE ON applications FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER candidates_data_changed AFTER INSERT OR UPDATE OR DELETE ON candidates FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER candidates_truncated AFTER TRUNCATE ON candidates FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER roles_data_changed AFTER INSERT OR UPDATE OR DELETE ON roles FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER roles_truncated AFTER TRUNCATE ON roles FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER plan_stages_data_changed AFTER INSERT OR UPDATE OR DELETE ON plan_stages FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER plan_stages_truncated AFTER TRUNCATE ON plan_stages FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER api_tokens_data_changed AFTER INSERT OR UPDATE OR DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER api_tokens_truncated AFTER TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER memberships_data_changed AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('organization_id');
--> statement-breakpoint
CREATE TRIGGER memberships_truncated AFTER TRUNCATE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER organizations_data_changed AFTER INSERT OR UPDATE OR DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('id');
--> statement-breakpoint
CREATE TRIGGER organizations_truncated AFTER TRUNCATE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
--> statement-breakpoint
CREATE TRIGGER users_data_changed AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION evident_notify_data_changed('id');
--> statement-breakpoint
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION evident_notify_data_changed();
