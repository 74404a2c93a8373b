-- The reconciliation across services (docs/reliability.md) reads, every few minutes, the applications under way in id
-- order and the settled ones by when they changed: each through an index of its own, so that a run reads what it
-- compares rather than the whole table. New applications enter the first (one more index entry per submission).
create index application_under_way on application (id)
    where status in ('SUBMITTED', 'UNDER_REVIEW', 'SUPPLEMENT_REQUESTED', 'APPROVED', 'IN_PRODUCTION',
                     'PRODUCTION_FAILED', 'READY_FOR_COLLECTION');
create index application_settled_changed on application (updated_at, id)
    where status in ('REJECTED', 'COLLECTED', 'WITHDRAWN', 'CARD_CANCELLED');
