CREATE TABLE "pad_markers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pad_markers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"pad_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "pad_panel_states" (
	"pad_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"state" "bytea" NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pad_panel_states_pad_id_user_id_pk" PRIMARY KEY("pad_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "pad_snapshots" (
	"pad_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"state" "bytea" NOT NULL,
	CONSTRAINT "pad_snapshots_pad_id_sequence_pk" PRIMARY KEY("pad_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "pad_updates" (
	"pad_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"author_kind" text NOT NULL,
	"author_id" uuid,
	"update" "bytea" NOT NULL,
	CONSTRAINT "pad_updates_pad_id_sequence_pk" PRIMARY KEY("pad_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "pads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"interview_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"language" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"erased_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "pad_markers" ADD CONSTRAINT "pad_markers_pad_id_pads_id_fk" FOREIGN KEY ("pad_id") REFERENCES "public"."pads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pad_panel_states" ADD CONSTRAINT "pad_panel_states_pad_id_pads_id_fk" FOREIGN KEY ("pad_id") REFERENCES "public"."pads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pad_panel_states" ADD CONSTRAINT "pad_panel_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pad_snapshots" ADD CONSTRAINT "pad_snapshots_pad_id_pads_id_fk" FOREIGN KEY ("pad_id") REFERENCES "public"."pads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pad_updates" ADD CONSTRAINT "pad_updates_pad_id_pads_id_fk" FOREIGN KEY ("pad_id") REFERENCES "public"."pads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pads" ADD CONSTRAINT "pads_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pads" ADD CONSTRAINT "pads_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pad_markers_pad_idx" ON "pad_markers" USING btree ("pad_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "pads_interview_key" ON "pads" USING btree ("interview_id");--> statement-breakpoint
-- The pad update log is append-only: an update, once received, is never rewritten (erasure
-- deletes a pad's rows as a whole; nothing else deletes).
CREATE FUNCTION pad_updates_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'pad_updates is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER pad_updates_append_only
  BEFORE UPDATE ON pad_updates
  FOR EACH ROW EXECUTE FUNCTION pad_updates_refuse_update();
