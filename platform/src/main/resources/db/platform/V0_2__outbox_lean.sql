-- The relay now deletes a row once Kafka acknowledged it, and reads unsent rows through outbox_event_unsent;
-- a second unique index on seq only cost every insert (a roster writes 100,000 at once). bigserial keeps seq unique.
alter table outbox_event drop constraint outbox_event_seq_key;
-- Rows the relay marked sent before it deleted them: Kafka holds those events.
delete from outbox_event where sent_at is not null;
