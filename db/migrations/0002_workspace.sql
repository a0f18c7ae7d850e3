CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`company` text,
	`role` text,
	`email` text,
	`phone` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`day_id` text NOT NULL,
	`artist_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`title` text NOT NULL,
	`hold_rank` integer,
	`created_by` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`day_id`) REFERENCES `show_days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_day_idx` ON `events` (`day_id`);--> statement-breakpoint
CREATE INDEX `events_workspace_idx` ON `events` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_workspace_name_unique` ON `groups` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `guest_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`day_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`guest_name` text NOT NULL,
	`guest_email` text,
	`guest_phone` text,
	`plus_ones` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`day_id`) REFERENCES `show_days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `guest_requests_day_idx` ON `guest_requests` (`day_id`);--> statement-breakpoint
CREATE TABLE `hotel_stays` (
	`id` text PRIMARY KEY NOT NULL,
	`day_id` text NOT NULL,
	`hotel_name` text NOT NULL,
	`address` text NOT NULL,
	`check_in` text,
	`check_out` text,
	`confirmation` text,
	FOREIGN KEY (`day_id`) REFERENCES `show_days`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hotel_stays_day_idx` ON `hotel_stays` (`day_id`);--> statement-breakpoint
CREATE TABLE `ledger_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`day_id` text NOT NULL,
	`label` text NOT NULL,
	`direction` text NOT NULL,
	`amount_cents` integer NOT NULL,
	FOREIGN KEY (`day_id`) REFERENCES `show_days`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_lines_day_idx` ON `ledger_lines` (`day_id`);--> statement-breakpoint
CREATE TABLE `outlets` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `role_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`role_id` text NOT NULL,
	`person_id` text NOT NULL,
	`scope_type` text NOT NULL,
	`scope_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`role_id`) REFERENCES `roles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `role_assignments_role_idx` ON `role_assignments` (`role_id`);--> statement-breakpoint
CREATE INDEX `role_assignments_person_idx` ON `role_assignments` (`person_id`);--> statement-breakpoint
CREATE TABLE `roles` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`predefined` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roles_workspace_name_unique` ON `roles` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `rooming_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`stay_id` text NOT NULL,
	`person_id` text,
	`guest_name` text,
	`room_type` text NOT NULL,
	FOREIGN KEY (`stay_id`) REFERENCES `hotel_stays`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rooming_entries_stay_idx` ON `rooming_entries` (`stay_id`);--> statement-breakpoint
CREATE TABLE `schedule_items` (
	`id` text PRIMARY KEY NOT NULL,
	`day_id` text NOT NULL,
	`label` text NOT NULL,
	`starts_at` text,
	`ends_at` text,
	`next_day` integer DEFAULT false NOT NULL,
	`confirmed` integer DEFAULT true NOT NULL,
	`display` text DEFAULT 'exact' NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`day_id`) REFERENCES `show_days`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedule_items_day_idx` ON `schedule_items` (`day_id`);--> statement-breakpoint
CREATE TABLE `settlements` (
	`day_id` text PRIMARY KEY NOT NULL,
	`deal_terms` text NOT NULL,
	`currency` text NOT NULL,
	`guarantee_cents` integer NOT NULL,
	`status` text NOT NULL,
	`locked_at` integer,
	FOREIGN KEY (`day_id`) REFERENCES `show_days`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `travel_items` (
	`id` text PRIMARY KEY NOT NULL,
	`day_id` text NOT NULL,
	`mode` text NOT NULL,
	`carrier` text,
	`number` text,
	`from_place` text NOT NULL,
	`to_place` text NOT NULL,
	`departs_at` text NOT NULL,
	`arrives_at` text,
	`private` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`day_id`) REFERENCES `show_days`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `travel_items_day_idx` ON `travel_items` (`day_id`);--> statement-breakpoint
CREATE TABLE `venues` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`city` text NOT NULL,
	`capacity` integer,
	`dock` text,
	`stage` text,
	`power` text,
	`wifi` text,
	`curfew` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `artists` ADD `outlet_id` text;--> statement-breakpoint
ALTER TABLE `people` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `people` ADD `outlet_id` text;--> statement-breakpoint
ALTER TABLE `show_days` ADD `venue_id` text;--> statement-breakpoint
ALTER TABLE `show_days` ADD `promoter_contact_id` text;--> statement-breakpoint
ALTER TABLE `show_days` ADD `notes` text;--> statement-breakpoint
ALTER TABLE `show_days` ADD `guest_allotment` integer;--> statement-breakpoint
ALTER TABLE `show_days` ADD `guest_cutoff_at` integer;--> statement-breakpoint
ALTER TABLE `show_days` DROP COLUMN `kind`;--> statement-breakpoint
ALTER TABLE `show_days` DROP COLUMN `status`;--> statement-breakpoint
ALTER TABLE `show_days` DROP COLUMN `venue_name`;--> statement-breakpoint
ALTER TABLE `show_days` DROP COLUMN `hold_rank`;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `store_id` text;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `lockout_threshold` integer DEFAULT 5 NOT NULL;