create table print_batch (
    id            uuid primary key,
    outlet_code   varchar(20) not null,
    region_code   varchar(6) not null,
    status        varchar(20) not null,
    card_count    int not null default 0,
    printed_count int not null default 0,
    failed_count  int not null default 0,
    created_at    timestamptz not null,
    closed_at     timestamptz,
    close_reason  varchar(20),
    done_at       timestamptz,
    version       bigint not null default 0
);
-- at most one open batch per outlet
create unique index print_batch_one_open_per_outlet on print_batch (outlet_code) where status = 'OPEN';
create index print_batch_status on print_batch (status, created_at);

create table card (
    card_number         varchar(9) primary key check (card_number ~ '^[A-Z0-9]{9}$'),
    identification_code varchar(32) not null unique,
    application_id      uuid not null unique,
    applicant_id        varchar(100),
    name                varchar(100) not null,
    id_number           varchar(18) not null,
    outlet_code         varchar(20) not null,
    region_code         varchar(6) not null,
    status              varchar(30) not null,
    batch_id            uuid references print_batch (id),
    print_attempts      int not null default 0,
    issue_date          date,
    expiry_date         date,
    created_at          timestamptz not null,
    printed_at          timestamptz,
    ready_at            timestamptz,
    collected_at        timestamptz,
    collected_by        varchar(100),
    updated_at          timestamptz not null,
    version             bigint not null default 0
);
create index card_batch on card (batch_id);
create index card_id_number on card (id_number);
