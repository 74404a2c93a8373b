-- Platform tables every service has: the transactional outbox and the log of handled events.

-- Events written in the same transaction as the state change they announce; the relay publishes them in
-- seq order and sets sent_at only after the broker acknowledged the record (acks=all, idempotent producer).
create table outbox_event (
    id             uuid primary key,
    seq            bigserial not null unique,
    topic          varchar(200) not null,
    aggregate_id   varchar(100) not null,
    type           varchar(100) not null,
    envelope       text not null,
    created_at     timestamptz not null default now(),
    sent_at        timestamptz,
    attempts       int not null default 0,
    last_error     varchar(500)
);
create index outbox_event_unsent on outbox_event (seq) where sent_at is null;

-- Event ids this service has handled, written in the same transaction as the effect: a redelivered event is skipped.
create table processed_event (
    event_id       uuid primary key,
    type           varchar(100) not null,
    topic          varchar(200) not null,
    processed_at   timestamptz not null default now()
);
