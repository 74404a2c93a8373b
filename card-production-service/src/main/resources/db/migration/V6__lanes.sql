-- The lane of the card's application (docs/architecture.md, lanes): true for an application of an employer's roster,
-- whose card events are published on sscard.cards.bulk. Existing cards were all published on the interactive lane.
alter table card add column bulk boolean not null default false;
