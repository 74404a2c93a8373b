-- An applicant reaches an application through the ID number the identity provider verified, as the person or as a
-- child's guardian, no longer through the account named on it (docs/security.md). These indexes serve that lookup.
-- Existing rows need no change: the ID numbers are already there; applicant_id stays as an informational account.
create index application_holder on application (id_number, created_at desc);
create index application_guardian on application (guardian_id_number, created_at desc) where guardian_id_number is not null;
