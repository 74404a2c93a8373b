-- The holder's and a proxy's name and ID number are stored encrypted (platform FieldCipher, docs/security.md); rows
-- written before this version are encrypted by the service itself (platform ReEncryption). No lookup goes by ID
-- number here (cards are found by card number and application), so the index on it goes.
alter table card
    alter column name type text,
    alter column id_number type text,
    alter column proxy_id_number type text,
    alter column proxy_name type text;
drop index card_id_number;
