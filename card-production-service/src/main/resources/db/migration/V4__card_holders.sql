-- Who holds a card: the blind indexes of the person and, for a child, the guardian recorded on the application
-- (ApplicationApproved.holderKeys). Cards made before have none; their holder is the person whose ID number they
-- bear, as before.
alter table card add column holder_keys varchar(200);
