CREATE TABLE `revision` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`action` text NOT NULL,
	`step` text,
	`before` text NOT NULL,
	`after` text NOT NULL,
	`reason` text NOT NULL,
	`by_user` text NOT NULL,
	`by_name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `revision_subject` ON `revision` (`subject`,`subject_id`);--> statement-breakpoint
ALTER TABLE `low_income` ADD `voided_on` text;--> statement-breakpoint
ALTER TABLE `low_income` ADD `void_reason` text;--> statement-breakpoint
ALTER TABLE `patient` ADD `voided_on` text;--> statement-breakpoint
ALTER TABLE `patient` ADD `void_reason` text;--> statement-breakpoint
ALTER TABLE `record` ADD `voided_on` text;--> statement-breakpoint
ALTER TABLE `record` ADD `void_reason` text;--> statement-breakpoint
ALTER TABLE `released_person` ADD `voided_on` text;--> statement-breakpoint
ALTER TABLE `released_person` ADD `void_reason` text;