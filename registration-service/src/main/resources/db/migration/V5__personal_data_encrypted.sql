-- Personal data is stored encrypted (platform FieldCipher, docs/security.md): the columns become text to hold the
-- ciphertexts, and ID numbers are looked up through keyed blind indexes instead. Rows written before this version
-- are encrypted, and their indexes filled, by the service itself (platform ReEncryption): at start for the indexes,
-- before the service answers, and in the background for the rest.
alter table application
    alter column name type text,
    alter column id_number type text,
    alter column phone type text,
    alter column email type text,
    alter column guardian_name type text,
    alter column guardian_id_number type text,
    add column id_number_index varchar(64),
    add column guardian_id_index varchar(64);

-- One person, one card now holds on the blind index (an encrypted value differs every time it is written).
drop index application_one_open_per_person;
create unique index application_one_open_per_person on application (id_number_index)
    where status not in ('REJECTED', 'WITHDRAWN');
drop index application_holder;
drop index application_guardian;
create index application_holder on application (id_number_index, created_at desc);
create index application_guardian on application (guardian_id_index, created_at desc)
    where guardian_id_index is not null;

alter table employer
    alter column contact_name type text,
    alter column contact_phone type text;
