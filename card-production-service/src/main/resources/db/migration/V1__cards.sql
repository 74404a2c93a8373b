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
    print_attempts int not null default 0,
    printing_since timestamptz,
    done_at       timestamptz,
    version       bigint not null default 0
);
-- at most one open batch per outlet
create unique index print_batch_one_open_per_outlet on print_batch (outlet_code) where status = 'OPEN';
create index print_batch_status on print_batch (status, created_at);

create table card (
    card_number         varchar(9) primary key check (card_number ~ '^[A-Z0-9]{9}$'),
    identification_code varchar(32) not null unique,
    application_id      uuid not null,
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
    version             bigint not null default 0,
    -- employer applications: the employer may collect the card for its staff
    employer_id         varchar(100),
    -- production problems and collection
    print_flagged       boolean not null default false,
    collection_mode     varchar(20),
    proxy_id_number     varchar(18),
    proxy_name          varchar(100),
    authorisation_ref   varchar(100),
    collection_overdue_at timestamptz,
    -- activation
    activated_at        timestamptz,
    activation_channel  varchar(20),
    bank_name           varchar(100),
    bank_activated_at   timestamptz,
    -- PIN: only a salted, peppered PBKDF2 hash is stored
    pin_hash            varchar(200),
    pin_set_at          timestamptz,
    pin_failed_attempts int not null default 0,
    pin_last_failed_at  timestamptz,
    -- loss, replacement, cancellation, expiry
    temp_loss_until     timestamptz,
    temp_loss_channel   varchar(20),
    lost_at             timestamptz,
    replaces_card_number varchar(9),
    replaced_by_card_number varchar(9),
    replacement_reason  varchar(30),
    fee                 int not null default 0,
    cancelled_at        timestamptz,
    cancellation_reason varchar(30),
    bank_cancelled_at   timestamptz,
    expiry_notice_at    timestamptz
);
create index card_application on card (application_id, created_at);
create index card_batch on card (batch_id);
create index card_temp_loss on card (temp_loss_until) where status = 'TEMP_LOST';
create index card_expiry on card (expiry_date) where status in ('ISSUED_SEALED', 'ACTIVE', 'LOCKED', 'TEMP_LOST');

-- The electronic card: issued for an ACTIVE physical card, follows its state, re-linked to a replacement.
create table electronic_card (
    id              uuid primary key,
    card_number     varchar(9) not null references card (card_number),
    applicant_id    varchar(100) not null,
    status          varchar(20) not null,
    face_check_ref  varchar(100) not null,
    issued_at       timestamptz not null,
    updated_at      timestamptz not null,
    version         bigint not null default 0
);
create unique index electronic_card_one_live_per_card on electronic_card (card_number) where status <> 'REVOKED';
create index card_id_number on card (id_number);
