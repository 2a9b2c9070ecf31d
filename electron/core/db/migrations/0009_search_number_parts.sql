-- Digits anywhere in an ID number or phone (issue 8, item 7), found by the suffixes of both instead of their
-- trigrams. The trigram index (0004) reads the whole doclist of every trigram of the query, so a rare query made
-- of common trigrams (01200: 012 is in every ID of the town) cost milliseconds, ten times that in a county. Here
-- each resident's document is every suffix of 4+ characters of the ID and phone that starts after the first
-- character (the first is the ID's and phone's own index, a prefix range): "any part" is then a range of terms
-- (resident_number_term, read in term order, as far as a page needs) and "ends with" one term. Contentless and
-- without positions: the terms are all it keeps. Kept by the same triggers as the name suffixes.
DROP TRIGGER `resident_search_insert`;
--> statement-breakpoint
DROP TRIGGER `resident_search_numbers`;
--> statement-breakpoint
DROP TRIGGER `resident_search_delete`;
--> statement-breakpoint
DROP TABLE `resident_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `resident_number_part` USING fts5(part, content = '', detail = none, contentless_delete = 1);
--> statement-breakpoint
CREATE VIRTUAL TABLE `resident_number_term` USING fts5vocab(resident_number_part, instance);
--> statement-breakpoint
CREATE TRIGGER `resident_search_insert` AFTER INSERT ON `resident` BEGIN
	INSERT INTO `resident_name_part` (`part`, `resident_id`, `pos`, `name`)
		SELECT substr(new.`name`, s.value), new.`id`, s.value, new.`name`
		FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]') s
		WHERE s.value <= length(new.`name`);
	INSERT INTO `resident_number_part` (`rowid`, `part`) VALUES (new.`id`, coalesce((SELECT group_concat(substr(new.`id_number`, s.value), ' ') FROM json_each('[2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]') s WHERE length(new.`id_number`) - s.value >= 3), '') || ' ' || coalesce((SELECT group_concat(substr(new.`phone`, s.value), ' ') FROM json_each('[2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]') s WHERE length(new.`phone`) - s.value >= 3), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `resident_search_numbers` AFTER UPDATE OF `id_number`, `phone` ON `resident` BEGIN
	DELETE FROM `resident_number_part` WHERE `rowid` = old.`id`;
	INSERT INTO `resident_number_part` (`rowid`, `part`) VALUES (new.`id`, coalesce((SELECT group_concat(substr(new.`id_number`, s.value), ' ') FROM json_each('[2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]') s WHERE length(new.`id_number`) - s.value >= 3), '') || ' ' || coalesce((SELECT group_concat(substr(new.`phone`, s.value), ' ') FROM json_each('[2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]') s WHERE length(new.`phone`) - s.value >= 3), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `resident_search_delete` AFTER DELETE ON `resident` BEGIN
	DELETE FROM `resident_name_part` WHERE `resident_id` = old.`id` AND `part` IN (
		SELECT substr(old.`name`, s.value) FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]') s WHERE s.value <= length(old.`name`));
	DELETE FROM `resident_number_part` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
-- What the town already has.
INSERT INTO `resident_number_part` (`rowid`, `part`) SELECT r.`id`, coalesce((SELECT group_concat(substr(r.`id_number`, s.value), ' ') FROM json_each('[2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]') s WHERE length(r.`id_number`) - s.value >= 3), '') || ' ' || coalesce((SELECT group_concat(substr(r.`phone`, s.value), ' ') FROM json_each('[2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]') s WHERE length(r.`phone`) - s.value >= 3), '') FROM `resident` r;
