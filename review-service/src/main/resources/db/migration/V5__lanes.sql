-- The lane of the application (docs/architecture.md, lanes): true for an application of an employer's roster, whose
-- decision is published on sscard.reviews.bulk. Existing tasks were all published on the interactive lane.
alter table review_task add column bulk boolean not null default false;
