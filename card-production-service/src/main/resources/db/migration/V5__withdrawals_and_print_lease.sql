-- Applications withdrawn, as registration announced them. An approval may reach card production before or after the
-- withdrawal (they travel on different topics): an approval of a withdrawn application makes no card, and a
-- withdrawal cancels a card that has not been handed over yet.
create table withdrawn_application (
    application_id uuid primary key,
    withdrawn_at   timestamptz not null,
    recorded_at    timestamptz not null
);
