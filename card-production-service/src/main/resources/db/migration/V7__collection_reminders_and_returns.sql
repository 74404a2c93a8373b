-- A card waiting at its outlet: the holder is reminded every sscard.card.collection-reminder-every, and after
-- sscard.card.collection-return-after it goes back to the issuing centre (RETURNED) until the holder asks for it
-- to be sent to the outlet again. collection_due_at is when the housekeeping run next looks at a waiting card (its
-- next reminder, or its return), found through an index of the waiting cards alone.
alter table card
    add column collection_reminders integer not null default 0,
    add column last_reminded_at     timestamptz,
    add column collection_due_at    timestamptz,
    add column returned_at          timestamptz;
-- cards already waiting: their first reminder as the default interval (14 days) would have put it
update card set collection_due_at = ready_at + interval '14 days' where status = 'READY_FOR_COLLECTION';
create index card_collection_due on card (collection_due_at) where status = 'READY_FOR_COLLECTION';
