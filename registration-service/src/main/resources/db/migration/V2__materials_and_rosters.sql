-- Issue 3: what a counter clerk checks, the materials themselves, and employer rosters.
alter table application
    add column sex                  varchar(6),
    add column guardian_name        varchar(50),
    add column guardian_id_number   varchar(18),
    add column business_credit_code varchar(18),
    add column hired_on             date,
    add column late_registration    boolean not null default false,
    add column roster_id            uuid,
    add column roster_row           integer;

-- Metadata of one attached material; one per kind (a new upload of a kind replaces the old one).
create table material (
    id             uuid primary key,
    application_id uuid not null references application (id),
    kind           varchar(30) not null,
    content_type   varchar(50) not null,
    size_bytes     integer not null,
    sha256         varchar(64) not null,
    width          integer,
    height         integer,
    bit_depth      integer,
    dpi            integer,
    uploaded_by    varchar(100) not null,
    uploaded_at    timestamptz not null,
    unique (application_id, kind)
);

-- The bytes, apart from the metadata so that listing materials never reads them.
create table material_content (
    material_id uuid primary key references material (id) on delete cascade,
    content     bytea not null
);

-- Employer rosters: an upload is a job that a worker processes in chunks, resuming after the committed chunks.
create table roster (
    id                 uuid primary key,
    employer_id        varchar(18) not null references employer (credit_code),
    format             varchar(10) not null,
    file_name          varchar(200),
    sha256             varchar(64) not null,
    idempotency_key    varchar(100),
    status             varchar(20) not null,
    total_rows         integer,
    rows_done          integer not null default 0,
    accepted           integer not null default 0,
    rejected           integer not null default 0,
    already_registered integer not null default 0,
    late               integer not null default 0,
    photos_attached    integer not null default 0,
    chunk_size         integer,
    header             text,
    failure            varchar(500),
    uploaded_by        varchar(100) not null,
    uploaded_at        timestamptz not null,
    lease_until        timestamptz,
    finished_at        timestamptz,
    version            bigint not null default 0
);
-- The same file, or the same idempotency key, from one employer is one roster.
create unique index roster_same_file on roster (employer_id, sha256);
create unique index roster_same_key on roster (employer_id, idempotency_key) where idempotency_key is not null;
create index roster_to_process on roster (uploaded_at) where status in ('RECEIVED', 'PROCESSING');

-- Chunks already committed, with their counts: a resumed roster skips them (chunks are written side by side, so
-- not in order), and progress is their sum. Each chunk writes its own row, so parallel chunks never wait for one
-- another on a shared counter.
create table roster_chunk (
    roster_id          uuid not null references roster (id),
    chunk_index        integer not null,
    rows_done          integer not null,
    accepted           integer not null,
    rejected           integer not null,
    already_registered integer not null,
    late               integer not null,
    photos_attached    integer not null,
    primary key (roster_id, chunk_index)
);

-- The uploaded bytes (the roster itself and the optional ZIP of photos).
create table roster_file (
    roster_id uuid not null references roster (id),
    kind      varchar(10) not null,
    content   bytea not null,
    primary key (roster_id, kind)
);

-- Rows that were not simply accepted: rejected, already registered, late or with a refused photo.
create table roster_row_result (
    roster_id      uuid not null references roster (id),
    row_number     integer not null,
    outcome        varchar(20) not null,
    errors         text not null,
    raw            text,
    application_id uuid,
    -- a row may have two outcomes (accepted LATE and PHOTO_REFUSED)
    primary key (roster_id, row_number, outcome)
);

-- Only applications an applicant follows online need this index; roster rows mostly have no applicant account.
drop index application_applicant;
create index application_applicant on application (applicant_id, created_at desc) where applicant_id is not null;
