-- An application whose card was cancelled (CARD_CANCELLED) no longer blocks a new one for the same person: one
-- person, one live card or open application.
drop index application_one_open_per_person;
create unique index application_one_open_per_person on application (id_number_index)
    where status not in ('REJECTED', 'WITHDRAWN', 'CARD_CANCELLED');
