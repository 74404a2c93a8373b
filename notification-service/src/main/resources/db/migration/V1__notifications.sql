create table notification (
    id             uuid primary key,
    event_id       uuid not null,
    application_id uuid not null,
    recipient_id   varchar(100),
    channel        varchar(20) not null,
    language       varchar(5) not null,
    event_type     varchar(100) not null,
    title          varchar(200) not null,
    body           text not null,
    -- when the step happened (the event's occurred-at): messages are listed in this order, whatever order
    -- the events of different topics arrived in
    occurred_at    timestamptz not null,
    created_at     timestamptz not null,
    -- delivery: IN_APP is delivered when written; SMS and EMAIL go through the dispatcher
    address        varchar(200),
    status         varchar(10) not null,
    attempts       int not null default 0,
    next_attempt_at timestamptz,
    last_error     varchar(500),
    sent_at        timestamptz,
    -- never two messages for the same event on the same channel
    unique (event_id, channel)
);
create index notification_application on notification (application_id, occurred_at);
create index notification_recipient on notification (recipient_id, occurred_at);
create index notification_due on notification (next_attempt_at) where status in ('PENDING', 'FAILED');

create table application_contact (
    application_id uuid primary key,
    applicant_id   varchar(100),
    language       varchar(5) not null,
    phone          varchar(20),
    preferred_channel varchar(10) not null default 'SMS',
    email          varchar(200)
);

-- Message templates are versioned data: an admin adds a version, previews it and activates it.
create table message_template (
    id          bigserial primary key,
    event_type  varchar(100) not null,
    language    varchar(5) not null,
    version     int not null,
    title       varchar(200) not null,
    body        varchar(2000) not null,
    active      boolean not null default false,
    created_by  varchar(100) not null,
    created_at  timestamptz not null,
    unique (event_type, language, version)
);
create unique index message_template_one_active on message_template (event_type, language) where active;

-- Text messages for the SMS gateway to send; keyed by notification, so a message is queued once whatever happens.
create table sms_outbox (
    notification_id uuid primary key,
    phone           varchar(20) not null,
    text            varchar(2000) not null,
    created_at      timestamptz not null,
    picked_up_at    timestamptz
);

create table event_log (
    event_id     uuid primary key,
    type         varchar(100) not null,
    topic        varchar(200) not null,
    aggregate_id varchar(100) not null,
    producer     varchar(100) not null,
    occurred_at  timestamptz not null,
    received_at  timestamptz not null
);
create index event_log_aggregate on event_log (aggregate_id, occurred_at);
create index event_log_received on event_log (received_at desc);

-- Messages the services could not process, read from the dead-letter topics for the operations dashboard.
-- The payload is not kept (it may hold personal data): the event id and type identify the message.
create table dead_letter (
    id             bigserial primary key,
    topic          varchar(200) not null,
    partition_no   int not null,
    offset_no      bigint not null,
    original_topic varchar(200),
    message_key    varchar(200),
    event_id       varchar(60),
    event_type     varchar(100),
    reason         varchar(1000),
    received_at    timestamptz not null,
    unique (topic, partition_no, offset_no)
);
create index dead_letter_received on dead_letter (received_at desc);
