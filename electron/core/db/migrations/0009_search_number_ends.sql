-- The last four characters of every ID number and phone (issue 8, item 7): a search for digits ranks the
-- numbers that end with them (后四位) with those that start with them, so those are found by index too, not by
-- reading every trigram match. Expressions on resident's own columns: nothing to keep, no trigger.
CREATE INDEX `resident_id_number_end` ON `resident` (substr(`id_number`, -4));
--> statement-breakpoint
CREATE INDEX `resident_phone_end` ON `resident` (substr(`phone`, -4));
