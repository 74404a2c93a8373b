-- An outbox row lives until Kafka has acknowledged its events, so sent_at is never set since V0_2. It stays, with its
-- index outbox_event_unsent, for one more release: during a rolling deploy the instances of the previous release still
-- write and read it (and, until they are replaced, relay without knowing of parked rows). A later migration drops both.

-- A row that Kafka keeps refusing (a record too large, an invalid topic) is parked after sscard.outbox.max-attempts
-- refusals instead of holding back every later event. The applications (aggregates) of its events are held: their
-- later events wait behind it, in order, while the events of every other application flow. An outage of the broker
-- is not a refusal and parks nothing.
alter table outbox_event add column parked_at timestamptz;
create index outbox_event_pending on outbox_event (seq) where parked_at is null;
create table outbox_held_aggregate (
    aggregate_id varchar(100) not null,
    outbox_id    uuid not null references outbox_event (id) on delete cascade,
    primary key (aggregate_id, outbox_id)
);
create index outbox_held_aggregate_row on outbox_held_aggregate (outbox_id);

-- What operations staff did by hand (retrying a parked outbox row; replaying or discarding a dead letter), with who,
-- when and why.
create table operations_audit (
    id        bigserial primary key,
    at        timestamptz not null,
    actor     varchar(200) not null,
    action    varchar(50) not null,
    target    varchar(200) not null,
    detail    varchar(1000)
);
create index operations_audit_target on operations_audit (target, at);
