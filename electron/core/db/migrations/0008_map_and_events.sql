CREATE TABLE `calendar_day` (
	`date` text PRIMARY KEY NOT NULL,
	`workday` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`source` text NOT NULL,
	`category` text NOT NULL,
	`village_id` integer NOT NULL,
	`grid_id` integer,
	`lon` real,
	`lat` real,
	`place` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`involved` integer DEFAULT 1 NOT NULL,
	`state` text NOT NULL,
	`reported_on` text NOT NULL,
	`reporter_staff_id` integer,
	`reporter_name` text DEFAULT '' NOT NULL,
	`source_record_id` integer,
	`satisfaction` text,
	`voided_on` text,
	`void_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `village`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grid`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reporter_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_record_id`) REFERENCES `record`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_number` ON `event` (`number`);--> statement-breakpoint
CREATE INDEX `event_village` ON `event` (`village_id`,`state`);--> statement-breakpoint
CREATE INDEX `event_reported` ON `event` (`reported_on`);--> statement-breakpoint
CREATE INDEX `event_reporter` ON `event` (`reporter_staff_id`);--> statement-breakpoint
CREATE INDEX `event_source_record` ON `event` (`source_record_id`);--> statement-breakpoint
CREATE TABLE `event_attachment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`data` blob NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `event`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_attachment_event` ON `event_attachment` (`event_id`);--> statement-breakpoint
CREATE TABLE `event_category` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`closed_on` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `event_party` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`resident_id` integer,
	`name` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`role` text DEFAULT '当事人' NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `event`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_party_event` ON `event_party` (`event_id`);--> statement-breakpoint
CREATE INDEX `event_party_resident` ON `event_party` (`resident_id`);--> statement-breakpoint
CREATE TABLE `event_step` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`on` text NOT NULL,
	`assignee` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`by_user` text NOT NULL,
	`by_name` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `event`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_step_event` ON `event_step` (`event_id`,`id`);--> statement-breakpoint
CREATE TABLE `grid_boundary` (
	`grid_id` integer PRIMARY KEY NOT NULL,
	`geometry` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grid`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `village_boundary` (
	`village_id` integer PRIMARY KEY NOT NULL,
	`geometry` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `village`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `household` ADD `lon` real;--> statement-breakpoint
ALTER TABLE `household` ADD `lat` real;