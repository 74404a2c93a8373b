-- The blind indexes of who holds the application (the person and a child's guardian), as registration stated them
-- in ApplicationSubmitted, forwarded to card production in ApplicationApproved.
alter table review_task add column holder_keys varchar(200);
