-- A bulk writer (an employer roster) records the events of one transaction as a single row: batch_size events in
-- `events`, one per line as "event id <TAB> aggregate id <TAB> envelope" in UTF-8. The relay publishes each line as
-- its own Kafka record, in order, and deletes the row once the broker has acknowledged all of them. A chunk of 1,000
-- events was 1,000 rows with two index entries each; now it is one row whose value PostgreSQL stores out of line
-- in pieces of about 2 KB. Bytes rather than text spare the encoding checks and conversions on the way in and out.
-- A row with batch_size null is a single event in `envelope`, as before.
alter table outbox_event add column batch_size int;
alter table outbox_event add column events bytea;
-- stored out of line without compression: the row lives for seconds, and compressing about 750 KB per chunk (pglz)
-- would sit on the roster writer's path
alter table outbox_event alter column events set storage external;
alter table outbox_event alter column aggregate_id drop not null;
alter table outbox_event alter column envelope drop not null;
alter table outbox_event add constraint outbox_event_one_form
    check ((batch_size is null and envelope is not null and aggregate_id is not null)
        or (batch_size is not null and events is not null));
