-- Callbacks to employers' HR systems (docs/services/notification.md, "Callbacks to HR systems"): one endpoint per
-- employer, and every callback due to it with its delivery state. The secret signs the callbacks; it is sealed at
-- rest like personal data.
create table employer_webhook (
    employer_id varchar(18) primary key,
    url         varchar(500) not null,
    secret      text not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    updated_by  varchar(100) not null
);

create table webhook_delivery (
    id              uuid primary key,
    employer_id     varchar(18) not null,
    event_id        uuid not null,
    type            varchar(40) not null,
    body            text not null,
    status          varchar(20) not null,      -- PENDING, DELIVERED, FAILED (will retry), GAVE_UP
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    last_status     integer,
    last_error      varchar(200),
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    unique (employer_id, event_id, type)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status in ('PENDING', 'FAILED');
create index webhook_delivery_employer on webhook_delivery (employer_id, created_at desc);
