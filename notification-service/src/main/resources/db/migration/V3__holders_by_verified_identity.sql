-- Who holds an application, as keyed blind indexes of ID numbers (the person, a child's guardian): an applicant
-- reads the messages of an application when the index of their verified ID number is here (docs/security.md).
-- The account named on an application (recipient_id) no longer gives access. Applications announced before this
-- migration have no holder rows: their messages stay readable by staff, and by the employer where there is one.
create table application_holder (
    holder_key     varchar(64) not null,
    application_id uuid        not null,
    primary key (holder_key, application_id)
);
create index application_holder_application on application_holder (application_id);
