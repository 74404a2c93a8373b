-- The name and ID number are stored encrypted (platform FieldCipher, docs/security.md) and the person's other cases
-- are found through a keyed blind index of the ID number. Rows written before this version are encrypted, and their
-- index filled, by the service itself (platform ReEncryption).
alter table review_task
    alter column name type text,
    alter column id_number type text,
    add column id_number_index varchar(64);
drop index review_task_id_number;
create index review_task_id_number on review_task (id_number_index);
