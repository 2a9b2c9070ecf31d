CREATE TABLE `grid` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`closed_on` text,
	`close_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `village`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grid_code` ON `grid` (`code`);--> statement-breakpoint
CREATE INDEX `grid_village` ON `grid` (`village_id`);--> statement-breakpoint
CREATE TABLE `household` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`grid_id` integer,
	`address` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grid`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `household_number` ON `household` (`number`);--> statement-breakpoint
CREATE INDEX `household_grid` ON `household` (`grid_id`);--> statement-breakpoint
CREATE TABLE `household_tag` (
	`household_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`household_id`, `tag`),
	FOREIGN KEY (`household_id`) REFERENCES `household`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `household_tag_tag` ON `household_tag` (`tag`);--> statement-breakpoint
CREATE TABLE `resident` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id_number` text NOT NULL,
	`name` text NOT NULL,
	`former_name` text DEFAULT '' NOT NULL,
	`sex` text NOT NULL,
	`birth_date` text NOT NULL,
	`ethnicity` text,
	`native_place` text DEFAULT '' NOT NULL,
	`marital` text,
	`political` text,
	`education` text,
	`religion` text DEFAULT '' NOT NULL,
	`occupation` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`registered_address` text DEFAULT '' NOT NULL,
	`current_address` text DEFAULT '' NOT NULL,
	`residence_kind` text NOT NULL,
	`inflow_reason` text,
	`certificate_type` text,
	`certificate_number` text DEFAULT '' NOT NULL,
	`inflow_date` text,
	`certificate_expiry` text,
	`dwelling_type` text,
	`key_concern` integer DEFAULT false NOT NULL,
	`household_id` integer,
	`relation` text,
	`grid_id` integer,
	`status` text DEFAULT '在册' NOT NULL,
	`left_on` text,
	`left_reason` text,
	`name_pinyin` text NOT NULL,
	`name_initials` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `household`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grid`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resident_id_number` ON `resident` (`id_number`);--> statement-breakpoint
CREATE INDEX `resident_household` ON `resident` (`household_id`);--> statement-breakpoint
CREATE INDEX `resident_grid` ON `resident` (`grid_id`,`status`);--> statement-breakpoint
CREATE INDEX `resident_name` ON `resident` (`name`);--> statement-breakpoint
CREATE INDEX `resident_initials` ON `resident` (`name_initials`);--> statement-breakpoint
CREATE INDEX `resident_pinyin` ON `resident` (`name_pinyin`);--> statement-breakpoint
CREATE INDEX `resident_phone` ON `resident` (`phone`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`id_number` text,
	`phone` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`start_date` text,
	`end_date` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_id_number` ON `staff` (`id_number`);--> statement-breakpoint
CREATE TABLE `staff_grid` (
	`staff_id` integer NOT NULL,
	`grid_id` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `grid_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grid`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_grid_grid` ON `staff_grid` (`grid_id`);--> statement-breakpoint
CREATE TABLE `village` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `village_code` ON `village` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `village_name` ON `village` (`name`);