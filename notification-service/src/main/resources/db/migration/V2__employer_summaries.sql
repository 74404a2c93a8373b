-- Issue 6: employers get one summary per roster and a digest of their staff's cards ready, not one message each.
alter table application_contact add column employer_id varchar(100);
-- Messages to an employer belong to no single application.
alter table notification alter column application_id drop not null;

-- Cards of an employer's staff that became ready since the last digest, per collection outlet.
create table employer_digest (
    employer_id varchar(100) not null,
    outlet_code varchar(20) not null,
    cards       integer not null,
    first_at    timestamptz not null,
    primary key (employer_id, outlet_code)
);
