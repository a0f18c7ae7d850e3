CREATE TABLE `sign_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`confirmed_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_ups_token_unique` ON `sign_ups` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sign_ups_email_idx` ON `sign_ups` (`email`);--> statement-breakpoint
ALTER TABLE `workspaces` ADD `invitation_expiry_days` integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `sign_in_rate_limit` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `features` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `branding` text DEFAULT '{"sets":[],"artists":{}}' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `revision` integer DEFAULT 1 NOT NULL;