CREATE TABLE `low_income` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`confirmed_on` text NOT NULL,
	`certificate_number` text DEFAULT '' NOT NULL,
	`area` text NOT NULL,
	`class` text NOT NULL,
	`monthly_amount_fen` integer NOT NULL,
	`confirmed_amount_fen` integer,
	`extreme_poverty` text,
	`publicity_from` text,
	`publicity_to` text,
	`status` text DEFAULT '在保' NOT NULL,
	`exit_on` text,
	`exit_reason` text,
	`exit_note` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `household`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `low_income_household` ON `low_income` (`household_id`);--> statement-breakpoint
CREATE INDEX `low_income_status` ON `low_income` (`status`);--> statement-breakpoint
CREATE TABLE `low_income_member` (
	`low_income_id` integer NOT NULL,
	`resident_id` integer NOT NULL,
	PRIMARY KEY(`low_income_id`, `resident_id`),
	FOREIGN KEY (`low_income_id`) REFERENCES `low_income`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `low_income_member_resident` ON `low_income_member` (`resident_id`);--> statement-breakpoint
CREATE TABLE `patient` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resident_id` integer NOT NULL,
	`registered_on` text NOT NULL,
	`diagnosis` text NOT NULL,
	`first_onset_on` text,
	`prior_incident_count` integer DEFAULT 0 NOT NULL,
	`prior_last_incident_on` text,
	`risk` integer DEFAULT 0 NOT NULL,
	`risk_assessed_on` text,
	`registered_risk` integer,
	`treatment` text,
	`hospital` text DEFAULT '' NOT NULL,
	`guardian_resident_id` integer,
	`guardian_name` text DEFAULT '' NOT NULL,
	`guardian_phone` text DEFAULT '' NOT NULL,
	`guardian_relation` text,
	`award_agreement_signed_on` text,
	`last_award_review_on` text,
	`status` text NOT NULL,
	`status_since` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`guardian_resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_resident` ON `patient` (`resident_id`);--> statement-breakpoint
CREATE INDEX `patient_status` ON `patient` (`status`);--> statement-breakpoint
CREATE TABLE `record` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`ledger` text,
	`entry_id` integer,
	`resident_id` integer,
	`household_id` integer,
	`date` text NOT NULL,
	`method` text NOT NULL,
	`staff_id` integer,
	`staff_name` text DEFAULT '' NOT NULL,
	`content` text DEFAULT '' NOT NULL,
	`risk` integer,
	`medication` text,
	`follow_up_class` text,
	`hospitalization` text,
	`locking` text,
	`next_follow_up_on` text,
	`review_result` text,
	`new_amount_fen` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `household`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_entry` ON `record` (`ledger`,`entry_id`,`kind`,`date`);--> statement-breakpoint
CREATE INDEX `record_resident` ON `record` (`resident_id`,`date`);--> statement-breakpoint
CREATE INDEX `record_household` ON `record` (`household_id`,`date`);--> statement-breakpoint
CREATE INDEX `record_date` ON `record` (`date`);--> statement-breakpoint
CREATE TABLE `released_assessment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`released_person_id` integer NOT NULL,
	`date` text NOT NULL,
	`class` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`released_person_id`) REFERENCES `released_person`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `released_assessment_person` ON `released_assessment` (`released_person_id`,`date`);--> statement-breakpoint
CREATE TABLE `released_person` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resident_id` integer NOT NULL,
	`notice_received_on` text,
	`prison` text DEFAULT '' NOT NULL,
	`crime` text,
	`sentence` text DEFAULT '' NOT NULL,
	`release_date` text NOT NULL,
	`recidivist` integer DEFAULT false NOT NULL,
	`ended_in_correction` integer DEFAULT false NOT NULL,
	`handover_on` text,
	`handover_code` text,
	`reported_on` text,
	`agreement_signed_on` text,
	`class` text DEFAULT 'general' NOT NULL,
	`class_assessed_on` text,
	`placement_code` text,
	`placed_on` text,
	`unplaced_reason` text DEFAULT '' NOT NULL,
	`reoffend_on` text,
	`reoffend_crime` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`status_since` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `released_person_resident` ON `released_person` (`resident_id`);--> statement-breakpoint
CREATE INDEX `released_person_status` ON `released_person` (`status`);--> statement-breakpoint
CREATE TABLE `status_change` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ledger` text NOT NULL,
	`entry_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`date` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `status_change_entry` ON `status_change` (`ledger`,`entry_id`,`date`);--> statement-breakpoint
CREATE TABLE `team_member` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ledger` text NOT NULL,
	`entry_id` integer NOT NULL,
	`staff_id` integer,
	`resident_id` integer,
	`name` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`from_date` text,
	`to_date` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `resident`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `team_member_entry` ON `team_member` (`ledger`,`entry_id`);