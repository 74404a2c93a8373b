-- The issuance clock (docs/services/notification.md, "Service levels"): from an application's submission, or a
-- replacement's request, until its card is ready for collection, paused while the applicant is asked for materials.
-- Times are the events' own (occurred_at), so a consumer that lags behind does not make a case late.
create table issuance (
    id             bigserial primary key,
    application_id uuid not null,
    kind           varchar(20) not null,             -- NEW_CARD or REPLACEMENT
    card_number    varchar(9),                       -- a replacement's new card; null for a new card
    started_event  uuid not null unique,             -- the event that started it
    started_at     timestamptz not null,
    expected_at    timestamptz not null,             -- the ETA shown to the applicant
    due_at         timestamptz not null,             -- the service level: late after this
    paused_at      timestamptz,                      -- waiting for the applicant since
    ended_at       timestamptz,
    outcome        varchar(20)                       -- MET, MISSED, or ENDED (rejected, withdrawn: no card due)
);
create index issuance_open_due on issuance (due_at) where ended_at is null;
create index issuance_application on issuance (application_id, id);
