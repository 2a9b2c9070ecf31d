-- Search index (issue 8, item 7): every kind of person search is an index lookup, kept by triggers.
-- Not in schema.ts (drizzle-kit cannot declare virtual tables); their typed names are in db/searchIndex.ts.
--
-- A name infix of any length: every suffix of a name, so "any part" is a prefix range on `part`
-- (李张华 → 李张华, 张华, 华; 张 and 张华 both find it). `pos` = 1 marks the whole name (rank), and
-- `name` makes the table cover the search's sort key. Names are at most 30 characters (the contract);
-- the series goes to 64 so an imported longer name is still indexed whole. No index on resident_id:
-- a rename or delete removes the old name's suffixes by primary key (one index less to write on import).
CREATE TABLE `resident_name_part` (
	`part` text NOT NULL,
	`resident_id` integer NOT NULL,
	`pos` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`part`, `resident_id`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Any part (3+ characters) of an ID number or phone, and of a 户号: FTS5 trigram indexes.
CREATE VIRTUAL TABLE `resident_fts` USING fts5(id_number, phone, tokenize = 'trigram', columnsize = 0);
--> statement-breakpoint
CREATE VIRTUAL TABLE `household_fts` USING fts5(number, tokenize = 'trigram', columnsize = 0);
--> statement-breakpoint
CREATE TRIGGER `resident_search_insert` AFTER INSERT ON `resident` BEGIN
	INSERT INTO `resident_name_part` (`part`, `resident_id`, `pos`, `name`)
		SELECT substr(new.`name`, s.value), new.`id`, s.value, new.`name`
		FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]') s
		WHERE s.value <= length(new.`name`);
	INSERT INTO `resident_fts` (`rowid`, `id_number`, `phone`) VALUES (new.`id`, new.`id_number`, new.`phone`);
END;
--> statement-breakpoint
CREATE TRIGGER `resident_search_name` AFTER UPDATE OF `name` ON `resident` BEGIN
	DELETE FROM `resident_name_part` WHERE `resident_id` = old.`id` AND `part` IN (
		SELECT substr(old.`name`, s.value) FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]') s WHERE s.value <= length(old.`name`));
	INSERT INTO `resident_name_part` (`part`, `resident_id`, `pos`, `name`)
		SELECT substr(new.`name`, s.value), new.`id`, s.value, new.`name`
		FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]') s
		WHERE s.value <= length(new.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `resident_search_numbers` AFTER UPDATE OF `id_number`, `phone` ON `resident` BEGIN
	DELETE FROM `resident_fts` WHERE `rowid` = old.`id`;
	INSERT INTO `resident_fts` (`rowid`, `id_number`, `phone`) VALUES (new.`id`, new.`id_number`, new.`phone`);
END;
--> statement-breakpoint
CREATE TRIGGER `resident_search_delete` AFTER DELETE ON `resident` BEGIN
	DELETE FROM `resident_name_part` WHERE `resident_id` = old.`id` AND `part` IN (
		SELECT substr(old.`name`, s.value) FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]') s WHERE s.value <= length(old.`name`));
	DELETE FROM `resident_fts` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `household_search_insert` AFTER INSERT ON `household` BEGIN
	INSERT INTO `household_fts` (`rowid`, `number`) VALUES (new.`id`, new.`number`);
END;
--> statement-breakpoint
CREATE TRIGGER `household_search_number` AFTER UPDATE OF `number` ON `household` BEGIN
	DELETE FROM `household_fts` WHERE `rowid` = old.`id`;
	INSERT INTO `household_fts` (`rowid`, `number`) VALUES (new.`id`, new.`number`);
END;
--> statement-breakpoint
CREATE TRIGGER `household_search_delete` AFTER DELETE ON `household` BEGIN
	DELETE FROM `household_fts` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
-- The few who left (迁出/死亡): the default "在册 only" filter excludes them without reading any matched row.
CREATE INDEX `resident_left` ON `resident` (`status`) WHERE `status` <> '在册';
--> statement-breakpoint
-- What the town already has.
INSERT INTO `resident_name_part` (`part`, `resident_id`, `pos`, `name`)
	SELECT substr(r.`name`, s.value), r.`id`, s.value, r.`name`
	FROM `resident` r, json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]') s
	WHERE s.value <= length(r.`name`);
--> statement-breakpoint
INSERT INTO `resident_fts` (`rowid`, `id_number`, `phone`) SELECT `id`, `id_number`, `phone` FROM `resident`;
--> statement-breakpoint
INSERT INTO `household_fts` (`rowid`, `number`) SELECT `id`, `number` FROM `household`;
