CREATE TABLE `county_form` (
	`name` text PRIMARY KEY NOT NULL,
	`file` blob NOT NULL,
	`mapping` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `letter_template` (
	`kind` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `month_note` (
	`month` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_month` (
	`month` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`figures` text NOT NULL,
	`manifest` text NOT NULL,
	`frozen_at` text NOT NULL,
	`sent_on` text,
	`sent_how` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_month_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text,
	`by_user` text NOT NULL,
	`by_name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_month_event_month` ON `report_month_event` (`month`);--> statement-breakpoint
CREATE TABLE `report_month_file` (
	`month` text NOT NULL,
	`name` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`content` blob NOT NULL,
	PRIMARY KEY(`month`, `name`),
	FOREIGN KEY (`month`) REFERENCES `report_month`(`month`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `resident_photo` (
	`resident_id` integer PRIMARY KEY NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`data` blob NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action
);
