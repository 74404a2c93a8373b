-- Phones, e-mail addresses and the SMS texts are stored encrypted (platform FieldCipher, docs/security.md); rows
-- written before this version are encrypted by the service itself (platform ReEncryption).
alter table application_contact
    alter column phone type text,
    alter column email type text;
alter table notification alter column address type text;
alter table sms_outbox
    alter column phone type text,
    alter column text type text;
