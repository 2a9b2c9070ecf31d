ALTER TABLE `released_assessment` ADD `voided_on` text;--> statement-breakpoint
ALTER TABLE `released_assessment` ADD `void_reason` text;--> statement-breakpoint
ALTER TABLE `status_change` ADD `voided_on` text;--> statement-breakpoint
ALTER TABLE `status_change` ADD `void_reason` text;