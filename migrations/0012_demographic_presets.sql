ALTER TABLE "organizations" ADD COLUMN "demographic_preset" text DEFAULT 'minimal' NOT NULL;--> statement-breakpoint
-- Organisations that existed before presets asked the US EEO-1 set; they keep it. New ones start minimal.
UPDATE "organizations" SET "demographic_preset" = 'us_eeo';
