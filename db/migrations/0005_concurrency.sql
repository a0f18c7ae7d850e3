ALTER TABLE `people` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `files` ADD `access_revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `folders` ADD `access_revision` integer DEFAULT 1 NOT NULL;