CREATE TABLE `artists` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `artists_workspace_idx` ON `artists` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `authz_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`revision` integer NOT NULL,
	`operation` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`relation` text NOT NULL,
	`user` text NOT NULL,
	`condition_name` text,
	`condition_context` text,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `authz_stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `authz_changes_store_idx` ON `authz_changes` (`store_id`,`seq`);--> statement-breakpoint
CREATE TABLE `authz_models` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`schema_version` text NOT NULL,
	`model` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `authz_stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `authz_models_store_idx` ON `authz_models` (`store_id`,`id`);--> statement-breakpoint
CREATE TABLE `authz_stores` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`workspace_id` text,
	`revision` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `authz_tuples` (
	`store_id` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`relation` text NOT NULL,
	`user_type` text NOT NULL,
	`user_id` text NOT NULL,
	`user_relation` text DEFAULT '' NOT NULL,
	`condition_name` text,
	`condition_context` text,
	`expires_at` integer,
	`revision` integer NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `authz_stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `authz_tuples_pk` ON `authz_tuples` (`store_id`,`object_type`,`object_id`,`relation`,`user_type`,`user_id`,`user_relation`);--> statement-breakpoint
CREATE INDEX `authz_tuples_by_user` ON `authz_tuples` (`store_id`,`user_type`,`user_id`,`user_relation`,`relation`,`object_type`);--> statement-breakpoint
CREATE INDEX `authz_tuples_by_type_relation` ON `authz_tuples` (`store_id`,`object_type`,`relation`,`user_type`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`access_id` text,
	`title` text,
	`level` text NOT NULL,
	`password_hash` text,
	`hired_at` integer,
	`resigned_at` integer,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_unique` ON `people` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_access_id_unique` ON `people` (`access_id`);--> statement-breakpoint
CREATE INDEX `people_workspace_idx` ON `people` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_person_idx` ON `sessions` (`person_id`);--> statement-breakpoint
CREATE TABLE `show_days` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`artist_id` text NOT NULL,
	`tour_id` text,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`city` text NOT NULL,
	`venue_name` text,
	`hold_rank` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tour_id`) REFERENCES `tours`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `show_days_workspace_date_idx` ON `show_days` (`workspace_id`,`date`);--> statement-breakpoint
CREATE TABLE `tours` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`artist_id` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tours_workspace_idx` ON `tours` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`created_at` integer NOT NULL
);
