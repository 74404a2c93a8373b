create table application (
    id               uuid primary key,
    status           varchar(30) not null,
    category         varchar(30) not null,
    channel          varchar(30) not null,
    name             varchar(100) not null,
    id_number        varchar(18) not null,
    phone            varchar(20) not null,
    outlet_code      varchar(20) not null,
    region_code      varchar(6) not null,
    language         varchar(5) not null,
    preferred_channel varchar(10) not null default 'SMS',
    email            varchar(200),
    applicant_id     varchar(100),
    employer_id      varchar(100),
    submitted_by     varchar(100) not null,
    card_number      varchar(9),
    decision_reasons text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    version          bigint not null default 0
);
-- One person, one card: at most one application per ID number that is not rejected or withdrawn.
-- The service checks first to answer with a helpful 409; this index makes the rule hold under races too.
create unique index application_one_open_per_person on application (id_number)
    where status not in ('REJECTED', 'WITHDRAWN');
create index application_applicant on application (applicant_id, created_at desc);
create index application_employer on application (employer_id, created_at desc);

create table timeline_entry (
    id             bigserial primary key,
    application_id uuid not null references application (id),
    event_id       uuid not null unique,
    event_type     varchar(100) not null,
    producer       varchar(100) not null,
    occurred_at    timestamptz not null,
    note           varchar(1000)
);
create index timeline_entry_application on timeline_entry (application_id, occurred_at);

-- Employers (units) registered for social insurance; they authenticate with their credit code as subject.
create table employer (
    credit_code    varchar(18) primary key,
    name           varchar(200) not null,
    region_code    varchar(6) not null,
    contact_name   varchar(50) not null,
    contact_phone  varchar(20) not null,
    registered_at  timestamptz not null,
    registered_by  varchar(100) not null
);
