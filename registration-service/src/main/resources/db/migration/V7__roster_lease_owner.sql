-- A roster's lease names its holder: each claim takes a new token, and a worker whose lease another worker has taken
-- over can write no further chunk (each chunk checks the token under a share lock of the roster row) and cannot
-- finish the roster.
alter table roster add column lease_owner uuid;
