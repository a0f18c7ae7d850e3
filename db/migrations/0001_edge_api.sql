CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`access` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`store_id`) REFERENCES `authz_stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_secret_hash_unique` ON `api_keys` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_store_idx` ON `api_keys` (`store_id`);--> statement-breakpoint
ALTER TABLE `authz_stores` ADD `tuple_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `authz_tuples` ADD `created_at` integer DEFAULT 0 NOT NULL;