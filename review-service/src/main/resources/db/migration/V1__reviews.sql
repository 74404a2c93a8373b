create table review_task (
    id               uuid primary key,
    application_id   uuid not null unique,
    status           varchar(30) not null,
    applicant_id     varchar(100),
    category         varchar(30) not null,
    channel          varchar(30) not null,
    name             varchar(100) not null,
    id_number        varchar(18) not null,
    employer_id      varchar(100),
    outlet_code      varchar(20) not null,
    region_code      varchar(6) not null,
    submitted_at     timestamptz not null,
    -- SLA: decision due by this time (working days from submission)
    due_at           timestamptz not null,
    birth_date       date,
    claimed_by       varchar(100),
    claim_expires_at timestamptz,
    outcome          varchar(30),
    reason_codes     varchar(500),
    comment          varchar(2000),
    decided_by       varchar(100),
    decided_at       timestamptz,
    version          bigint not null default 0
);
create index review_task_queue on review_task (status, submitted_at);
create index review_task_id_number on review_task (id_number);
create index review_task_due on review_task (due_at) where status in ('OPEN', 'CLAIMED');

-- Automated pre-checks run when a case opens, each with its outcome.
create table review_check (
    id          bigserial primary key,
    review_id   uuid not null references review_task (id),
    check_name  varchar(40) not null,
    passed      boolean not null,
    fixable     boolean not null,
    reason_code varchar(40),
    detail      varchar(500),
    checked_at  timestamptz not null
);
create index review_check_review on review_check (review_id, id);

create table review_audit (
    id         bigserial primary key,
    review_id  uuid not null references review_task (id),
    action     varchar(30) not null,
    actor      varchar(100) not null,
    at         timestamptz not null,
    detail     varchar(2000)
);
create index review_audit_review on review_audit (review_id, id);

-- The audit trail is never updated or deleted.
create function review_audit_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'review_audit is append-only';
end;
$$;
create trigger review_audit_no_update before update or delete on review_audit
    for each row execute function review_audit_is_append_only();
